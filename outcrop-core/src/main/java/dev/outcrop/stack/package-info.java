/** The state of CloudFormation stacks, stored by the store module and changed by outcrop-stacks. */
package dev.outcrop.stack;
