-- A disabled account (§6, the users page) keeps what it owns, its shares and its tokens, but signs in and calls
-- the API no more until an admin enables it again; null while the account is enabled.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP(6) WITH TIME ZONE;
