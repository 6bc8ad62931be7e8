/**
 * Bedrock Prompt management: prompts (a working draft and immutable numbered versions), their identifiers and
 * ARNs, and how a version's variant is rendered into a Converse request.
 */
package dev.outcrop.prompt;
