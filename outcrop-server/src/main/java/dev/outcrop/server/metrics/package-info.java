/** Metrics in the Prometheus text format: Bedrock's CloudWatch runtime metrics and Outcrop's own. */
package dev.outcrop.server.metrics;
