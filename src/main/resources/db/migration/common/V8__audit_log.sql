-- Who did what to which resource, and when: written synchronously by the API after each change succeeded.
-- detail is a small JSON object (e.g. the new role, the access granted); never a secret.
CREATE TABLE audit_log (
    id            VARCHAR(64)                 NOT NULL PRIMARY KEY,
    at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor_id      VARCHAR(64)                 NOT NULL,
    action        VARCHAR(64)                 NOT NULL,
    resource_kind VARCHAR(32)                 NOT NULL,
    resource_id   VARCHAR(255),
    detail        TEXT
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
