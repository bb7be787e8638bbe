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
 * executions (id PK, workflow_id, workflow_version, status, trigger_type, error_message, error_traceback,
 *             started_at, completed_at, duration_ms, payload, data_saved, instance_id,
 *             trigger_data, input, output, node_logs)   -- legacy JSON text, only rows written before V3
 *            index (workflow_id, started_at DESC, id DESC), (started_at DESC, id DESC), (status)
 * </pre>
 * An execution's JSON values (trigger data, input, output, node logs) are one binary {@code payload} column
 * ({@code BYTEA}: PostgreSQL bytea, H2 BINARY VARYING kept in the row), a Smile document in which every distinct
 * JsonNode is stored once (see {@code PayloadCodec}); a finished execution whose workflow saves no data for it has no
 * payload and {@code data_saved} false. The workflow document is TEXT, stored exactly as saved.
 * Timestamps are {@code TIMESTAMP(6) WITH TIME ZONE}. Execution ids made by the engine are time-ordered
 * ({@link io.webops.history.ExecutionIds}), so inserts append to the primary-key index. There is no foreign key from
 * executions to workflows: executions of unsaved/unknown workflows are stored (they just update no statistics), and
 * {@link io.webops.history.Workflows#delete(String)} deletes a workflow's executions in the same transaction.
 *
 * <h2>Migrations</h2>
 * {@code db/migration/common} (portable, versions {@code V<n>}) plus {@code db/migration/h2} or
 * {@code db/migration/postgresql} (versions {@code V<n>_<m>}, only where a dialect needs something; today only the
 * PostgreSQL fillfactor of {@code workflows}).
 */
package io.webops.history;
