-- Custom prompt routers (default routers live in the catalog), their tags in resource_tag like every
-- resource's, and on each usage record the router a call went through and the model it invoked.

CREATE TABLE prompt_router (
    sequence                    ${sequence_column},
    id                          VARCHAR(32)   NOT NULL,
    account_id                  VARCHAR(32)   NOT NULL,
    region                      VARCHAR(32)   NOT NULL,
    name                        VARCHAR(64)   NOT NULL,
    description                 VARCHAR(200),
    model_arns                  TEXT          NOT NULL,
    fallback_model_arn          VARCHAR(2048) NOT NULL,
    response_quality_difference DOUBLE PRECISION NOT NULL,
    routing_mode                VARCHAR(16)   NOT NULL,
    client_request_token        VARCHAR(256),
    request_fingerprint         VARCHAR(64)   NOT NULL,
    created_at                  BIGINT        NOT NULL,
    updated_at                  BIGINT        NOT NULL,
    CONSTRAINT uq_router_id UNIQUE (id),
    CONSTRAINT uq_router_name UNIQUE (account_id, region, name),
    CONSTRAINT uq_router_token UNIQUE (account_id, region, client_request_token)
);

CREATE INDEX ix_router_listing ON prompt_router (account_id, region, sequence);

ALTER TABLE usage_record ADD COLUMN router_arn VARCHAR(2048);
ALTER TABLE usage_record ADD COLUMN invoked_model VARCHAR(2048);
