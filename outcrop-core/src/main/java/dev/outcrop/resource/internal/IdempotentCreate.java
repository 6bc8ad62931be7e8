package dev.outcrop.resource.internal;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ConflictException;
import dev.outcrop.resource.ResourceStore;
import dev.outcrop.resource.StoredResource;
import dev.outcrop.tag.Tag;
import dev.outcrop.util.Digests;
import dev.outcrop.util.ResourceIds;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The create of a {@link StoredResource} that an idempotency token makes safe to retry: a token used before answers
 * its first result when the request is the same (by its fingerprint) and is a conflict otherwise; a new resource
 * gets a random id, drawn again while the store finds it taken.
 *
 * @param <R> the kind of resource
 */
public final class IdempotentCreate<R extends StoredResource> {
    private static final int MAX_ID_ATTEMPTS = 5;

    private final ResourceStore<R> store;
    private final ChangeFeed changes;
    private final String kind;
    private final int idLength;

    /**
     * Creates the helper of one kind of resource.
     *
     * @param kind the kind as messages name it after an article: "inference profile", "prompt router"
     * @param idLength how many characters a drawn id has
     */
    public IdempotentCreate(ResourceStore<R> store, ChangeFeed changes, String kind, int idLength) {
        this.store = requireNonNull(store, "store");
        this.changes = requireNonNull(changes, "changes");
        this.kind = requireNonNull(kind, "kind");
        this.idLength = idLength;
    }

    /**
     * The ARN of what an earlier request with {@code clientRequestToken} created, when there was one and it asked
     * for the same as {@code fingerprint}; checked before the request's own validation, as a retry is answered
     * whatever changed since.
     *
     * @throws ConflictException when the token was used for another request
     */
    public Optional<String> replay(RequestScope scope, String clientRequestToken, String fingerprint) {
        if (clientRequestToken == null) {
            return Optional.empty();
        }
        return store.findByToken(scope.accountId(), scope.region(), clientRequestToken)
                .map(earlier -> replayed(scope, earlier, fingerprint));
    }

    /**
     * Stores a new resource, {@code withId} making it of a drawn id, with its tags; a request racing its twin with
     * the same token answers the twin's result.
     *
     * @return the resource's ARN
     * @throws ConflictException when the name is taken, or the token was used for another request
     */
    public String insert(RequestScope scope, Function<String, R> withId, List<Tag> tags, String fingerprint) {
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            R resource = withId.apply(ResourceIds.newId(idLength));
            String arn = resource.arn(scope.partition()).toString();
            switch (store.insert(resource, tags, arn)) {
                case ResourceStore.InsertResult.Inserted<R> inserted -> {
                    if (!tags.isEmpty()) { // a node may have cached that this ARN, asked for before, has no tags
                        changes.publish(new Change(Change.Kind.TAGS, arn));
                    }
                    return arn;
                }
                case ResourceStore.InsertResult.NameTaken<R> taken -> throw new ConflictException(
                        (startsWithVowel(kind) ? "An " : "A ") + kind + " with the name '" + taken.name()
                                + "' already exists in " + scope.region() + ".");
                case ResourceStore.InsertResult.TokenTaken<R> token -> {
                    return replayed(scope, token.existing(), fingerprint);
                }
                case ResourceStore.InsertResult.IdTaken<R> idTaken -> {
                    // drawn again by the next attempt
                }
            }
        }
        throw new IllegalStateException("could not draw a free " + kind + " id in " + MAX_ID_ATTEMPTS + " attempts");
    }

    private String replayed(RequestScope scope, R earlier, String fingerprint) {
        if (!fingerprint.equals(earlier.requestFingerprint())) {
            throw new ConflictException("The clientRequestToken '" + earlier.clientRequestToken()
                    + "' was already used to create a different " + kind + " (" + earlier.arn(scope.partition())
                    + "). Use a new token for a new request.");
        }
        return earlier.arn(scope.partition()).toString();
    }

    private static boolean startsWithVowel(String word) {
        return "aeiouAEIOU".indexOf(word.charAt(0)) >= 0;
    }

    /**
     * A create request's fingerprint: a digest of its members, in order, and of its tags, by key. What a resource
     * stored already was fingerprinted so: changing the digest makes every earlier token a conflict.
     */
    public static String fingerprint(List<Tag> tags, Object... members) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < members.length; i++) {
            text.append(i == 0 ? "" : "\0").append(members[i]);
        }
        tags.stream().sorted(Comparator.comparing(Tag::key))
                .forEach(t -> text.append('\0').append(t.key()).append('=').append(t.value()));
        return HexFormat.of().formatHex(Digests.sha256(text.toString()));
    }
}
