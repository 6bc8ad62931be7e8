-- The usage ledger: one row per runtime call, successful or not. request_id is unique, so a record delivered
-- twice (a retry after a lost acknowledgement) is counted once.

CREATE TABLE usage_record (
    sequence                ${sequence_column},
    record_time             BIGINT        NOT NULL,
    request_id              VARCHAR(64)   NOT NULL,
    principal               VARCHAR(128)  NOT NULL,
    operation               VARCHAR(64)   NOT NULL,
    model_id_called         VARCHAR(2048) NOT NULL,
    target_arn              VARCHAR(2048),
    application_profile_arn VARCHAR(2048),
    foundation_model        VARCHAR(256),
    source_region           VARCHAR(32),
    served_regions          VARCHAR(256)  NOT NULL,
    input_tokens            BIGINT        NOT NULL,
    output_tokens           BIGINT        NOT NULL,
    cache_read_tokens       BIGINT        NOT NULL,
    cache_write_tokens      BIGINT        NOT NULL,
    latency_ms              BIGINT        NOT NULL,
    first_token_ms          BIGINT        NOT NULL,
    outcome                 VARCHAR(64)   NOT NULL,
    cost_micros             BIGINT        NOT NULL,
    tags                    TEXT          NOT NULL,
    CONSTRAINT uq_usage_request UNIQUE (request_id)
);

CREATE INDEX ix_usage_time ON usage_record (record_time);
