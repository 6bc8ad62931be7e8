/**
 * The edge every request crosses before its service: one ordered list of decorators ({@link
 * dev.outcrop.server.edge.Edge#standard}) giving it its request id, its {@code Date}, its caller and, when anything
 * fails, its error in Bedrock's shape. The Bedrock endpoints and the admin API are services behind it.
 */
package dev.outcrop.server.edge;
