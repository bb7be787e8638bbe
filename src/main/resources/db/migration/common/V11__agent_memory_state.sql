-- One row per agent and memory kind, bumped with every write or forget in the same transaction:
-- an instance reads it (a primary-key lookup) to know whether its in-memory similarity index is
-- still current, instead of counting the agent's entries on every recall.
CREATE TABLE agent_memory_state (
    agent_id    VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    version     BIGINT       NOT NULL,
    PRIMARY KEY (agent_id, kind)
);
