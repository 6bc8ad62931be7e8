-- A role's trust policy (its AssumeRolePolicyDocument; null: nobody may assume it through STS), and an index
-- on the expiry of temporary credentials, which are purged a bounded batch at a time once expired.

ALTER TABLE principal ADD COLUMN trust_policy TEXT;
CREATE INDEX ix_access_key_expires ON access_key (expires_at);
