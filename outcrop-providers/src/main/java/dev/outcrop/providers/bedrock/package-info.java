/** Amazon Bedrock itself as a provider: Converse bodies signed with SigV4 (or an API key), event streams read back. */
package dev.outcrop.providers.bedrock;
