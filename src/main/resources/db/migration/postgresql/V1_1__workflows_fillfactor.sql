-- Every history batch increments the statistics columns of workflows rows. None of those columns is indexed, so
-- PostgreSQL can do HOT (heap-only tuple) updates if the page has room: leave 30 % free space per page to avoid
-- index churn and bloat on this small, very frequently updated table.
ALTER TABLE workflows SET (fillfactor = 70);
