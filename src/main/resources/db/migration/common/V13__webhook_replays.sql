-- Signed webhook requests already accepted (§2 hmac auth), so that one sent again is refused by every instance
-- sharing this database, not only by the one that first took it. replay_key is the SHA-256 hex of the workflow,
-- the scheme and the signature or delivery id (fixed length, whatever the sender's id); expires_at is Unix seconds,
-- after which the request is refused for its timestamp anyway (or, without one, is let through again).
CREATE TABLE webhook_replays (
    replay_key  CHAR(64) NOT NULL PRIMARY KEY,
    expires_at  BIGINT   NOT NULL
);
CREATE INDEX webhook_replays_expires ON webhook_replays (expires_at);
