-- A cascading router that checks its cheaper model's confidence: the least mean token probability an answer passes
-- with (0 for a router that does not check it).

ALTER TABLE prompt_router ADD COLUMN min_confidence DOUBLE PRECISION NOT NULL DEFAULT 0;
