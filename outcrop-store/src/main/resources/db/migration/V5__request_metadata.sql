-- Converse's requestMetadata: the caller's key-value pairs of a call, as a JSON object, for cost reports
-- (group by metadata:KEY). Rows from before the column have none.

ALTER TABLE usage_record ADD COLUMN request_metadata TEXT NOT NULL DEFAULT '{}';
