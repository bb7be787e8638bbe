-- Agents are YAML files (<data>/agents/<id>.yaml, §6); who owns each is kept here, one row per agent made through
-- the API, so that agents follow the rule of workflows and credentials (owner, shares of kind 'agent', admins).
-- An agent file without a row (written by hand into the folder, or saved before this version) has no owner: only
-- admins see, change and share it, as with workflows saved before accounts existed.
CREATE TABLE agent_owners (
    agent_id    VARCHAR(64)                 NOT NULL PRIMARY KEY,
    owner_id    VARCHAR(64)                 NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX agent_owners_owner ON agent_owners (owner_id);
