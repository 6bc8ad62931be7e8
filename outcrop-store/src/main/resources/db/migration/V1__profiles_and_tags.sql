-- Application inference profiles and resource tags.
-- One script for SQLite and PostgreSQL: the dialect-specific column type comes from the
-- Flyway placeholder ${sequence_column} (see dev.outcrop.store.Dialect).

CREATE TABLE application_inference_profile (
    sequence             ${sequence_column},
    id                   VARCHAR(32)   NOT NULL,
    account_id           VARCHAR(32)   NOT NULL,
    region               VARCHAR(32)   NOT NULL,
    name                 VARCHAR(64)   NOT NULL,
    description          VARCHAR(200),
    source_arn           VARCHAR(2048) NOT NULL,
    model_arns           TEXT          NOT NULL,
    client_request_token VARCHAR(256),
    request_fingerprint  VARCHAR(64)   NOT NULL,
    created_at           BIGINT        NOT NULL,
    updated_at           BIGINT        NOT NULL,
    CONSTRAINT uq_profile_id UNIQUE (id),
    CONSTRAINT uq_profile_name UNIQUE (account_id, region, name),
    CONSTRAINT uq_profile_token UNIQUE (account_id, region, client_request_token)
);

CREATE INDEX ix_profile_listing ON application_inference_profile (account_id, region, sequence);

CREATE TABLE resource_tag (
    resource_arn VARCHAR(2048) NOT NULL,
    tag_key      VARCHAR(128)  NOT NULL,
    tag_value    VARCHAR(256)  NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);
