-- The service role a stack's last operation acted with (CloudFormation's RoleARN, which DescribeStacks shows);
-- null for a stack that acted as its caller.

ALTER TABLE stack ADD COLUMN role_arn VARCHAR(2048);
