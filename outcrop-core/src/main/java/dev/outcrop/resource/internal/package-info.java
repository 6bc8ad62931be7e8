/**
 * How the control plane's services create and list {@link dev.outcrop.resource.StoredResource}s: one idempotent
 * create (an id drawn until free, a token's earlier result replayed) and one keyset pagination. Shared by core's
 * services, used by no other module: not API.
 */
package dev.outcrop.resource.internal;
