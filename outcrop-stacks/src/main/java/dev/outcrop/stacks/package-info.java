/** CloudFormation stacks applied to Outcrop: the deploy engine and the resource providers. */
package dev.outcrop.stacks;
