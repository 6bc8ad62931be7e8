/**
 * Who is calling and may they. Authentication: {@link dev.outcrop.server.auth.Authenticator} turns a request's
 * SigV4 signature or Bedrock API key into a {@link dev.outcrop.server.auth.Caller}. Authorization:
 * {@link dev.outcrop.server.auth.AccessControl} decides by the caller's IAM policies whether it may act.
 */
package dev.outcrop.server.auth;
