/**
 * Bedrock's error shapes as one sealed exception hierarchy; each maps 1:1 onto an {@code X-Amzn-ErrorType}
 * and an HTTP status.
 */
package dev.outcrop.error;
