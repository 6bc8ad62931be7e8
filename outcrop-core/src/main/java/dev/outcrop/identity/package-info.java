/** Identity: principals, their access keys and API keys, and the policies attached to them. */
package dev.outcrop.identity;
