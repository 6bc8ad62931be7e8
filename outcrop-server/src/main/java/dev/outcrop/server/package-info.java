/** Bedrock's HTTP API: the endpoint that runs each request through its stages, and the operations. */
package dev.outcrop.server;
