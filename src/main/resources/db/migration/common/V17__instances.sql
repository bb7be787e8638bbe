-- Each runtime instance's heartbeat. Instances sharing one database write theirs every few seconds; when one's is
-- older than the lease (WEBOPS_INSTANCE_LEASE_SECONDS), the first other instance to delete its row takes over the
-- executions it left pending or running (Instances.claim), so each is taken over by one instance only.
CREATE TABLE instances (
    instance_id   VARCHAR(64)                 NOT NULL PRIMARY KEY,
    started_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
