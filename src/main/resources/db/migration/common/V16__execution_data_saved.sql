-- false when the workflow's settings.save_execution_data (all, errors_only, none) dropped the data of a finished
-- execution: its record stays (ids, status, times, errors; lists and statistics stay right) without a payload, and
-- the API says data_saved: false rather than showing an execution that seems to have had no input. A constant
-- default: PostgreSQL 11+ adds the column without rewriting the table.
ALTER TABLE executions ADD COLUMN data_saved BOOLEAN DEFAULT TRUE NOT NULL;
