package dev.outcrop.profile;

import dev.outcrop.resource.ResourceStore;

/**
 * Durable storage of application inference profiles. Implemented by the store module (SQLite, PostgreSQL).
 *
 * <p>Uniqueness of names and of idempotency tokens per account and region is the store's to enforce,
 * atomically, so that concurrent creates on any number of nodes cannot both succeed.
 */
public interface ProfileStore extends ResourceStore<ApplicationProfile> {
}
