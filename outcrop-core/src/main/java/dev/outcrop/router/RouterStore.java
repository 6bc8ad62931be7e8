package dev.outcrop.router;

import dev.outcrop.resource.ResourceStore;

/**
 * Durable storage of custom prompt routers. Implemented by the store module (SQLite, PostgreSQL); names and
 * idempotency tokens are unique per account and region, enforced atomically by the store.
 */
public interface RouterStore extends ResourceStore<PromptRouter> {

    /**
     * Sets how a custom router routes ({@link PromptRouter#mode()}, {@link PromptRouter#escalateOn()}) and its
     * update time; false when there is no such router.
     */
    boolean configure(PromptRouter configured);
}
