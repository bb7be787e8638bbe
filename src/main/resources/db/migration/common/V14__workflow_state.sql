-- The small key-value store workflows keep between runs (the state node): what one scheduled run leaves for the
-- next, such as whether the endpoint it watches was down. scope is 'workflow' (scope_id: the workflow id, the
-- default) or 'owner' (scope_id: the owner's user id, '' for workflows without one: shared by that owner's
-- workflows). value_json is the value as JSON text; the runtime holds it to 64 KB and a scope to 1000 keys.
CREATE TABLE workflow_state (
    scope       VARCHAR(16)                 NOT NULL,
    scope_id    VARCHAR(255)                NOT NULL,
    state_key   VARCHAR(200)                NOT NULL,
    value_json  TEXT                        NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, scope_id, state_key)
);
