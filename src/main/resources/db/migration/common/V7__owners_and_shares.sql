-- Every workflow has an owner (a users.id); rows saved before accounts existed have none and only admins see them.
-- Shares grant one user read or edit access to one resource of any kind (workflow now; credential, agent,
-- notification use the same table), so one access check serves every area of the API.
ALTER TABLE workflows ADD COLUMN owner_id VARCHAR(64);
CREATE INDEX workflows_owner ON workflows (owner_id);

CREATE TABLE shares (
    resource_kind VARCHAR(32)                 NOT NULL,
    resource_id   VARCHAR(255)                NOT NULL,
    user_id       VARCHAR(64)                 NOT NULL,
    access        VARCHAR(8)                  NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (resource_kind, resource_id, user_id)
);
CREATE INDEX shares_user ON shares (user_id, resource_kind);
