-- In-product notifications (the notification node, §3; GET /api/notifications, §6), one row per
-- recipient. Ids are version 7 UUIDs, so (user_id, created_at, id) lists them newest first.
CREATE TABLE notifications (
    id           VARCHAR(64)                 NOT NULL PRIMARY KEY,
    user_id      VARCHAR(255)                NOT NULL,
    level        VARCHAR(16)                 NOT NULL,
    message      TEXT                        NOT NULL,
    workflow_id  VARCHAR(64),
    execution_id VARCHAR(64),
    node_id      VARCHAR(255),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    read_at      TIMESTAMP(6) WITH TIME ZONE
);

CREATE INDEX notifications_user ON notifications (user_id, created_at);
