-- The runtime instance that runs an execution: with several instances on one database, an instance that starts
-- ends only the executions it left running itself (Executions.endInterrupted). NULL for rows written before.
ALTER TABLE executions ADD COLUMN instance_id VARCHAR(64);
