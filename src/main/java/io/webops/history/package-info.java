/**
 * Persistent store of workflows and execution history: embedded H2 by default, PostgreSQL in production.
 * Plain JDBC + HikariCP + Flyway; no Camel dependency.
 *
 * <h2>Entry points</h2>
 * {@link io.webops.history.Store#open(String, String, String, String)},
 * {@link io.webops.history.Store#openH2(java.nio.file.Path, String)},
 * {@link io.webops.history.Store#inMemory()}; then {@link io.webops.history.Store#workflows()} (synchronous CRUD) and
 * {@link io.webops.history.Store#executions()} (asynchronous writes, see {@code HistoryWriter}).
 *
 * <h2>Tables</h2>
 * <pre>
 * workflows  (id PK, name, status, version, document TEXT, created_at, updated_at,
 *             total_executions, successful_executions, failed_executions, total_duration_ms, last_executed_at)
 *            index (created_at, id), (status)
 * executions (id PK, workflow_id, workflow_version, status, trigger_type, trigger_data, input, output,
 *             error_message, error_traceback, started_at, completed_at, duration_ms, node_logs, instance_id)
 *            index (workflow_id, started_at DESC, id DESC), (started_at DESC, id DESC), (status)
 * </pre>
 * JSON columns are compact JSON text ({@code TEXT}; H2 stores it as CLOB); node logs are one JSON array in the
 * execution row. Timestamps are {@code TIMESTAMP(6) WITH TIME ZONE}. There is no foreign key from executions to
 * workflows: executions of unsaved/unknown workflows are stored (they just update no statistics), and
 * {@link io.webops.history.Workflows#delete(String)} deletes a workflow's executions in the same transaction.
 *
 * <h2>Migrations</h2>
 * {@code db/migration/common} (portable, versions {@code V<n>}) plus {@code db/migration/h2} or
 * {@code db/migration/postgresql} (versions {@code V<n>_<m>}, only where a dialect needs something; today only the
 * PostgreSQL fillfactor of {@code workflows}).
 */
package io.webops.history;
