-- Bedrock Prompt management: each prompt's working draft (one row, updated in place) and its immutable
-- versions (one row each, never updated). A version's number comes from the draft's next_version, so that
-- numbers are never reused after a version is deleted. Tags of prompts and versions live in resource_tag
-- under their ARNs. Usage records name the prompt version a call ran through.

CREATE TABLE prompt (
    sequence            ${sequence_column},
    id                  VARCHAR(10)  NOT NULL,
    account_id          VARCHAR(32)  NOT NULL,
    region              VARCHAR(32)  NOT NULL,
    name                VARCHAR(100) NOT NULL,
    description         VARCHAR(200),
    kms_key_arn         VARCHAR(2048),
    default_variant     VARCHAR(100),
    variants            TEXT         NOT NULL,
    next_version        INTEGER      NOT NULL,
    client_token        VARCHAR(256),
    request_fingerprint VARCHAR(64)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    updated_at          BIGINT       NOT NULL,
    CONSTRAINT uq_prompt_id UNIQUE (id),
    CONSTRAINT uq_prompt_name UNIQUE (account_id, region, name),
    CONSTRAINT uq_prompt_token UNIQUE (account_id, region, client_token)
);

CREATE INDEX ix_prompt_listing ON prompt (account_id, region, sequence);

CREATE TABLE prompt_version (
    prompt_id           VARCHAR(10)  NOT NULL,
    version             INTEGER      NOT NULL,
    account_id          VARCHAR(32)  NOT NULL,
    region              VARCHAR(32)  NOT NULL,
    name                VARCHAR(100) NOT NULL,
    description         VARCHAR(200),
    kms_key_arn         VARCHAR(2048),
    default_variant     VARCHAR(100),
    variants            TEXT         NOT NULL,
    client_token        VARCHAR(256),
    request_fingerprint VARCHAR(64)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    PRIMARY KEY (prompt_id, version),
    CONSTRAINT uq_prompt_version_token UNIQUE (prompt_id, client_token)
);

ALTER TABLE usage_record ADD COLUMN prompt_arn VARCHAR(2048);
