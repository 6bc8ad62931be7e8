package dev.outcrop.resource.internal;

import dev.outcrop.context.RequestScope;
import dev.outcrop.resource.ResourceStore;
import dev.outcrop.resource.StoredResource;
import java.util.List;
import java.util.function.Function;

/** Keyset pagination of the control plane's listings, through {@link PageToken}s. */
public final class Pages {
    private Pages() {}

    /** One page of a listing and the token of the next, or null when it was the last. */
    public record Page<T>(List<T> items, String nextToken) {
        /** Copies the list. */
        public Page {
            items = List.copyOf(items);
        }

        /** The same page with each item mapped. */
        public <U> Page<U> map(Function<T, U> mapping) {
            return new Page<>(items.stream().map(mapping).toList(), nextToken);
        }
    }

    /**
     * The key a listing resumes after, read from the caller's token.
     *
     * @return null for the first page
     * @throws dev.outcrop.error.ValidationException when the token is malformed or of another listing
     */
    public static String after(String nextToken, String listing) {
        return nextToken == null ? null : PageToken.decode(nextToken, listing).afterKey();
    }

    /**
     * A page of a fixed list (a catalog's, which does not change while the process runs), resumed after the item
     * whose {@code key} is {@code after}; a key no longer listed resumes past the end.
     */
    public static <T> Page<T> ofList(List<T> offered, Function<T, String> key, String listing, String after,
                                     int limit) {
        int start = 0;
        if (after != null) {
            start = offered.size();
            for (int i = 0; i < offered.size(); i++) {
                if (key.apply(offered.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        int end = Math.min(offered.size(), start + limit);
        String next = end < offered.size() ? new PageToken(listing, key.apply(offered.get(end - 1))).encode() : null;
        return new Page<>(offered.subList(start, end), next);
    }

    /** A page of the caller's stored resources in creation order, resumed after the sequence {@code after}. */
    public static <R extends StoredResource> Page<R> ofStore(ResourceStore<R> store, RequestScope scope,
                                                             String listing, String after, int limit) {
        long afterSequence = 0;
        if (after != null) {
            try {
                afterSequence = Long.parseLong(after);
            } catch (NumberFormatException e) {
                PageToken.decode("", listing); // throws the invalid-token error
            }
        }
        // One more than asked tells whether another page exists without a second query.
        List<R> rows = store.list(scope.accountId(), scope.region(), afterSequence, limit + 1);
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(page, more ? new PageToken(listing, Long.toString(page.getLast().sequence())).encode() : null);
    }
}
