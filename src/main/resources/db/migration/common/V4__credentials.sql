-- Credentials of §7: non-secret fields as JSON text, the secret ones sealed together
-- (AES-256-GCM, the credential's id as associated data, so a ciphertext copied to another row does not open);
-- secret_names lists which secret fields are set (comma-separated), so listing needs no decryption.
CREATE TABLE credentials (
    id          VARCHAR(64)                 NOT NULL PRIMARY KEY,
    owner_id    VARCHAR(255)                NOT NULL,
    name        VARCHAR(1000)               NOT NULL,
    kind        VARCHAR(32)                 NOT NULL,
    fields      TEXT                        NOT NULL,
    secrets     TEXT                        NOT NULL,
    secret_names VARCHAR(4000)              NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX credentials_owner ON credentials (owner_id, created_at);
