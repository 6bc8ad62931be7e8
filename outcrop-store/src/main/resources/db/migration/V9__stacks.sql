-- CloudFormation stacks applied to Outcrop: the stacks, their resources, their events and their exports.
-- A deleted stack is kept (its status DELETE_COMPLETE) with live_name NULL, so that its name is free again:
-- the unique constraint holds only among live stacks, on SQLite and PostgreSQL alike (NULLs never collide).

CREATE TABLE stack (
    stack_id        VARCHAR(512) NOT NULL PRIMARY KEY,
    account_id      VARCHAR(32)  NOT NULL,
    region          VARCHAR(32)  NOT NULL,
    name            VARCHAR(128) NOT NULL,
    live_name       VARCHAR(128),
    status          VARCHAR(64)  NOT NULL,
    status_reason   TEXT,
    description     TEXT,
    template_body   TEXT         NOT NULL,
    parameters_json TEXT         NOT NULL,
    outputs_json    TEXT         NOT NULL,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    CONSTRAINT uq_stack_live_name UNIQUE (account_id, region, live_name)
);

CREATE INDEX ix_stack_listing ON stack (account_id, region, created_at);

CREATE TABLE stack_resource (
    stack_id        VARCHAR(512) NOT NULL REFERENCES stack (stack_id) ON DELETE CASCADE,
    logical_id      VARCHAR(255) NOT NULL,
    type            VARCHAR(256) NOT NULL,
    physical_id     VARCHAR(2048) NOT NULL,
    status          VARCHAR(64)  NOT NULL,
    status_reason   TEXT,
    properties_json TEXT         NOT NULL,
    attributes_json TEXT         NOT NULL,
    updated_at      BIGINT       NOT NULL,
    PRIMARY KEY (stack_id, logical_id)
);

CREATE TABLE stack_event (
    sequence        ${sequence_column},
    stack_id        VARCHAR(512) NOT NULL REFERENCES stack (stack_id) ON DELETE CASCADE,
    event_id        VARCHAR(64)  NOT NULL,
    logical_id      VARCHAR(255) NOT NULL,
    physical_id     VARCHAR(2048) NOT NULL,
    type            VARCHAR(256) NOT NULL,
    status          VARCHAR(64)  NOT NULL,
    reason          TEXT,
    at              BIGINT       NOT NULL
);

CREATE INDEX ix_stack_event ON stack_event (stack_id, sequence);

CREATE TABLE stack_export (
    account_id VARCHAR(32)  NOT NULL,
    region     VARCHAR(32)  NOT NULL,
    name       VARCHAR(255) NOT NULL,
    stack_id   VARCHAR(512) NOT NULL REFERENCES stack (stack_id) ON DELETE CASCADE,
    value      TEXT         NOT NULL,
    PRIMARY KEY (account_id, region, name)
);

CREATE INDEX ix_stack_export_stack ON stack_export (stack_id);
