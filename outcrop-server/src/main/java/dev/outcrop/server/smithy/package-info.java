/**
 * Bedrock's Smithy models compiled for the wire: operations and their HTTP bindings, shapes and their
 * constraints, and the validator that checks every input against them.
 */
package dev.outcrop.server.smithy;
