-- Portable schema (H2 2.x and PostgreSQL 12+).
-- JSON values are stored as TEXT (compact JSON, H2 maps TEXT to CLOB): the store never queries inside them and the
-- workflow document must be kept exactly as saved (jsonb would re-order keys and drop whitespace).
-- Timestamps are TIMESTAMP(6) WITH TIME ZONE (microsecond precision in both databases).
--
-- No foreign key from executions to workflows, on purpose: executions are written asynchronously in batches and
-- executions of workflows that are not (or no longer) saved, e.g. CLI `run`, must still be stored. Deleting a
-- workflow deletes its executions in the same transaction (Workflows.delete).
--
-- Version numbering: common migrations use V<n>, per-dialect ones (db/migration/h2, db/migration/postgresql)
-- use V<n>_<m> so they never collide with a common version.

CREATE TABLE workflows (
    id                    VARCHAR(255)             NOT NULL PRIMARY KEY,
    name                  VARCHAR(1000)            NOT NULL,
    status                VARCHAR(16)              NOT NULL,
    version               INTEGER                  NOT NULL,
    document              TEXT                     NOT NULL,
    created_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    total_executions      BIGINT                   DEFAULT 0 NOT NULL,
    successful_executions BIGINT                   DEFAULT 0 NOT NULL,
    failed_executions     BIGINT                   DEFAULT 0 NOT NULL,
    total_duration_ms     BIGINT                   DEFAULT 0 NOT NULL,
    last_executed_at      TIMESTAMP(6) WITH TIME ZONE
);

CREATE INDEX workflows_created ON workflows (created_at, id);
CREATE INDEX workflows_status ON workflows (status);

CREATE TABLE executions (
    id               VARCHAR(255)             NOT NULL PRIMARY KEY,
    workflow_id      VARCHAR(255)             NOT NULL,
    workflow_version INTEGER                  NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    trigger_type     VARCHAR(64),
    trigger_data     TEXT,
    input            TEXT,
    output           TEXT,
    error_message    TEXT,
    error_traceback  TEXT,
    started_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP(6) WITH TIME ZONE,
    duration_ms      BIGINT,
    node_logs        TEXT
);

CREATE INDEX executions_workflow_started ON executions (workflow_id, started_at DESC, id DESC);
CREATE INDEX executions_started ON executions (started_at DESC, id DESC);
CREATE INDEX executions_status ON executions (status);
