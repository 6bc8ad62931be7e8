/** Bedrock's restJson1 protocol: routing on the raw path, request binding, JSON and error rendering. */
package dev.outcrop.server.protocol;
