-- Which stacks import which exports (Fn::ImportValue), so that an export in use is neither deleted nor
-- changed; and the change sets awaiting execution, shared by every node and kept across restarts.

CREATE TABLE stack_import (
    account_id VARCHAR(32)  NOT NULL,
    region     VARCHAR(32)  NOT NULL,
    name       VARCHAR(255) NOT NULL,
    stack_id   VARCHAR(512) NOT NULL REFERENCES stack (stack_id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, region, name, stack_id)
);

CREATE INDEX ix_stack_import_stack ON stack_import (stack_id);

CREATE TABLE stack_change_set (
    change_set_id   VARCHAR(512) NOT NULL PRIMARY KEY,
    account_id      VARCHAR(32)  NOT NULL,
    region          VARCHAR(32)  NOT NULL,
    name            VARCHAR(128) NOT NULL,
    stack_name      VARCHAR(128) NOT NULL,
    stack_id        VARCHAR(512),
    type            VARCHAR(16)  NOT NULL,
    template_body   TEXT         NOT NULL,
    parameters_json TEXT         NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    status_reason   TEXT,
    description     TEXT,
    changes_json    TEXT         NOT NULL,
    created_at      BIGINT       NOT NULL
);

CREATE INDEX ix_stack_change_set_name ON stack_change_set (account_id, region, stack_name, name);
