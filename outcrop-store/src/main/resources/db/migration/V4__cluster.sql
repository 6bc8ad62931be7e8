-- Several nodes on one database: who they are and when each was last heard of, settings they must agree on,
-- and the counters that make quotas and budgets hold for the cluster as a whole. On SQLite (one node) only
-- cluster_node and cluster_setting are used.

CREATE TABLE cluster_node (
    node_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    address       VARCHAR(256) NOT NULL,
    version       VARCHAR(32)  NOT NULL,
    config_digest VARCHAR(64)  NOT NULL,
    started_at    BIGINT       NOT NULL,
    last_seen     BIGINT       NOT NULL,
    left_at       BIGINT,
    spooled       BIGINT       NOT NULL
);

CREATE TABLE cluster_setting (
    name  VARCHAR(64) NOT NULL PRIMARY KEY,
    value TEXT        NOT NULL
);

-- One row per quota, locked while a call is counted, so that the check and the count are one step.
CREATE TABLE quota_lock (
    quota_name VARCHAR(128) NOT NULL PRIMARY KEY
);

-- Requests and tokens per quota per second (of the database's clock); a quota's minute is the sum of 60 rows.
CREATE TABLE quota_usage (
    quota_name   VARCHAR(128) NOT NULL,
    epoch_second BIGINT       NOT NULL,
    requests     BIGINT       NOT NULL,
    tokens       BIGINT       NOT NULL,
    PRIMARY KEY (quota_name, epoch_second)
);

-- Settled spend per budget and period (epoch milliseconds of the period's start, UTC).
CREATE TABLE budget_spend (
    budget_name  VARCHAR(128) NOT NULL,
    period_start BIGINT       NOT NULL,
    spent_micros BIGINT       NOT NULL,
    PRIMARY KEY (budget_name, period_start)
);

-- What the calls in flight on each node hold; a node that stops beating no longer holds anything.
CREATE TABLE budget_hold (
    budget_name     VARCHAR(128) NOT NULL,
    period_start    BIGINT       NOT NULL,
    node_id         VARCHAR(64)  NOT NULL,
    reserved_micros BIGINT       NOT NULL,
    PRIMARY KEY (budget_name, period_start, node_id)
);
