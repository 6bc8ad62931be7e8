-- Cascading prompt routers: what a router checks the cheaper model's answer for (null for a predicting router, and
-- for one made cascading by its tag before it was configured: the default checks). On each usage record, the model
-- the saving of a routed call is measured against (the router's stronger model; none for an answer set aside) and
-- the call's part in a cascade (cheaper, superseded:CHECK, escalated:CHECK).

ALTER TABLE prompt_router ADD COLUMN escalate_on VARCHAR(200);
ALTER TABLE usage_record ADD COLUMN router_baseline_model VARCHAR(256);
ALTER TABLE usage_record ADD COLUMN router_cascade VARCHAR(64);
