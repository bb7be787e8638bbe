-- Templates people share (the gallery beside the official templates, which ship in the jar): a workflow saved as a
-- template with its credentials replaced by the kinds it needs and its secrets removed. is_public: every signed-in
-- user sees it; otherwise only its owner (and admins). document is {"workflow": …, "stripped": [what was removed]}.
CREATE TABLE shared_templates (
    id           VARCHAR(64)                 NOT NULL PRIMARY KEY,
    owner_id     VARCHAR(64)                 NOT NULL,
    name         VARCHAR(200)                NOT NULL,
    category     VARCHAR(32)                 NOT NULL,
    description  TEXT                        NOT NULL,
    is_public    BOOLEAN                     NOT NULL,
    document     TEXT                        NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX shared_templates_owner ON shared_templates (owner_id);
CREATE INDEX shared_templates_public ON shared_templates (is_public);

-- How many workflows were made from each template, official or shared (one row once it was first used).
CREATE TABLE template_usage (
    template_id  VARCHAR(64)                 NOT NULL PRIMARY KEY,
    usage_count  BIGINT                      NOT NULL
);
