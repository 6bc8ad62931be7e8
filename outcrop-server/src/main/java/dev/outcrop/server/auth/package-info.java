/** Authentication: SigV4 verification, Bedrock API keys, and the authenticator that chooses between them. */
package dev.outcrop.server.auth;
