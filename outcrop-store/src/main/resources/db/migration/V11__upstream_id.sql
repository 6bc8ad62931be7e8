-- On each usage record, how an upstream Bedrock was called: the id sent (a foundation-model id, or the source
-- region's system inference profile), which of the two forms it was, the region whose endpoint was called, and
-- the region that served the call where the upstream said so.

ALTER TABLE usage_record ADD COLUMN upstream_id VARCHAR(2048);
ALTER TABLE usage_record ADD COLUMN upstream_id_form VARCHAR(32);
ALTER TABLE usage_record ADD COLUMN upstream_region VARCHAR(32);
ALTER TABLE usage_record ADD COLUMN upstream_served_region VARCHAR(32);
