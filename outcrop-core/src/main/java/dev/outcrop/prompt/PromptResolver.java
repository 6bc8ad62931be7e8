package dev.outcrop.prompt;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.cluster.ReadThroughCache;
import dev.outcrop.context.RequestScope;
import java.time.Duration;
import java.util.Optional;

/**
 * The runtime's lookup of the prompt version a {@code modelId} names, through a cache the change feed keeps
 * current, served from what this node knows while the store cannot be reached. (The control plane,
 * {@link PromptService}, reads the store itself.)
 */
public final class PromptResolver {
    /** How long the runtime trusts a version it found, when no change notice reaches it first. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final PromptStore store;
    /**
     * A version never changes, so only its deletion is a change notice; an absence is read again while the store
     * answers, so that a version created on another node is found at once.
     */
    private final ReadThroughCache<String, Optional<Prompt>> versions = new ReadThroughCache<>(CACHE_TTL,
            Optional::isPresent, ReadThroughCache.Absences.WHILE_AWAY, System::nanoTime);

    /** Creates the resolver; {@code changes} carries version deletions from every node. */
    public PromptResolver(PromptStore store, ChangeFeed changes) {
        this.store = requireNonNull(store, "store");
        changes.keepsCurrent(Change.Kind.PROMPT, versions);
    }

    /** The version {@code version} of the prompt {@code id} in the caller's account and region (cached). */
    public Optional<Prompt> resolveVersion(RequestScope scope, String id, int version) {
        return versions.get(changeKey(scope, id, version), key -> store.find(scope.accountId(), scope.region(), id, version));
    }

    /** The key of a {@link Change.Kind#PROMPT} change that ends what this resolver knows of a version. */
    static String changeKey(RequestScope scope, String id, int version) {
        return scope.accountId() + '/' + scope.region() + '/' + id + ':' + version;
    }
}
