-- One binary column for all JSON values of an execution (trigger data, input, output, node logs): a Smile
-- (binary JSON) document written by io.webops.history.PayloadCodec, each distinct value stored once. BYTEA is
-- PostgreSQL's bytea and, in H2 2.x, an alias of BINARY VARYING (kept in the row, not in H2's LOB store).
-- The four TEXT columns stay for rows written before this version (read when payload is NULL); new rows leave them
-- NULL.
ALTER TABLE executions ADD COLUMN payload BYTEA;
