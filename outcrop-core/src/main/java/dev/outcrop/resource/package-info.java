/**
 * What the control plane's stored resources (application profiles, custom prompt routers) have in common: their
 * identity, idempotency token and creation order ({@link dev.outcrop.resource.StoredResource}), and the store
 * interface each kind's store extends ({@link dev.outcrop.resource.ResourceStore}).
 */
package dev.outcrop.resource;
