-- Every save of a workflow is kept as an immutable version: the document exactly as saved (webhook secrets sealed as in
-- workflows.document), who saved it, when and why. Rows are only ever inserted, and deleted with their workflow.
-- author_id is the users.id of whoever saved it (null for workflows saved before accounts existed).
CREATE TABLE workflow_versions (
    workflow_id VARCHAR(255)                NOT NULL,
    version     INTEGER                     NOT NULL,
    document    TEXT                        NOT NULL,
    author_id   VARCHAR(64),
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    message     VARCHAR(1000),
    PRIMARY KEY (workflow_id, version)
);

-- Versions were not kept before this migration: each existing workflow's current document becomes its one known
-- version (with its current number, so executions of that version open it); the earlier ones are gone.
INSERT INTO workflow_versions (workflow_id, version, document, author_id, created_at, message)
SELECT id, version, document, owner_id, updated_at, 'before versions were kept' FROM workflows;
