-- Accounts (§7): users with an Argon2id password hash and a role, their signed-in sessions and their API tokens.
-- Session ids and API tokens are random 256-bit values stored only as SHA-256 hex: a copy of the database does not
-- let anyone act as a user. E-mail addresses are stored lower-case, so the unique index is case-insensitive.
CREATE TABLE users (
    id            VARCHAR(64)                 NOT NULL PRIMARY KEY,
    email         VARCHAR(320)                NOT NULL,
    password_hash VARCHAR(255)                NOT NULL,
    role          VARCHAR(16)                 NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
    id_hash    VARCHAR(64)                 NOT NULL PRIMARY KEY,
    user_id    VARCHAR(64)                 NOT NULL,
    csrf_token VARCHAR(64)                 NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           VARCHAR(64)                 NOT NULL PRIMARY KEY,
    user_id      VARCHAR(64)                 NOT NULL,
    name         VARCHAR(255)                NOT NULL,
    token_hash   VARCHAR(64)                 NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP(6) WITH TIME ZONE
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
