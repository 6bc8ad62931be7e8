-- The inference configuration an application profile may carry (defaults, limits and fixed values of its
-- parameters), as a JSON document; null for a profile that has none, as every profile made before this column.

ALTER TABLE application_inference_profile ADD COLUMN inference_config TEXT;
