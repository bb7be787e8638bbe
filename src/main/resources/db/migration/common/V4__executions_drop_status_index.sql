-- One index less to maintain per execution write. executions_status (status) changed on every
-- running -> finished update and was of little use: a status filter in Executions.list reads newest first through
-- executions_started / executions_workflow_started and stops after `limit` matching rows; Executions.endInterrupted
-- (once at start-up) scans the table in H2, and PostgreSQL gets a partial index of the few active rows instead
-- (db/migration/postgresql V4_1).
DROP INDEX executions_status;
