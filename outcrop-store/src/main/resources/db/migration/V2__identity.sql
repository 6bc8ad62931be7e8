-- Principals, their credentials and policies. Secret access keys are stored encrypted (AES-256-GCM) under a
-- master key that never enters the database; API keys and session tokens only as SHA-256 digests.

CREATE TABLE principal (
    id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    account_id  VARCHAR(32)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    kind        VARCHAR(8)   NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT uq_principal_name UNIQUE (account_id, name)
);

CREATE TABLE access_key (
    access_key_id        VARCHAR(32)  NOT NULL PRIMARY KEY,
    principal_id         VARCHAR(32)  NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    secret_ciphertext    TEXT         NOT NULL,
    session_token_sha256 VARCHAR(64),
    status               VARCHAR(10)  NOT NULL,
    created_at           BIGINT       NOT NULL,
    expires_at           BIGINT
);

CREATE INDEX ix_access_key_principal ON access_key (principal_id);

CREATE TABLE api_key (
    key_sha256   VARCHAR(64) NOT NULL PRIMARY KEY,
    key_id       VARCHAR(32) NOT NULL,
    principal_id VARCHAR(32) NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    created_at   BIGINT      NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    CONSTRAINT uq_api_key_id UNIQUE (key_id)
);

CREATE TABLE principal_policy (
    principal_id VARCHAR(32)  NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    policy_name  VARCHAR(128) NOT NULL,
    document     TEXT         NOT NULL,
    PRIMARY KEY (principal_id, policy_name)
);
