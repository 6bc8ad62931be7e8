/**
 * CloudFormation's API on Outcrop's port, in the AWS query protocol, over the stacks of {@code outcrop-stacks}.
 */
package dev.outcrop.app.cloudformation;
