-- Only pending/running rows are in it (executions written started+finished in one batch are never indexed here):
-- Executions.endInterrupted and status filters on active executions stay index lookups.
CREATE INDEX executions_active ON executions (status) WHERE status IN ('pending', 'running');
