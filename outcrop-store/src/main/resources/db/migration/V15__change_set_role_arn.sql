-- The service role a change set was created with (CloudFormation's RoleARN): executing it acts with the role's
-- permissions, as creating it was allowed to pass the role. NULL: the stack acts as whoever executes it.

ALTER TABLE stack_change_set ADD COLUMN role_arn VARCHAR(2048);
