package dev.outcrop.resource.internal;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque pagination token: the listing it belongs to and the key of the last item served.
 *
 * <p>Keyset pagination (resume after a key, not at an offset) keeps a token valid while items are created
 * and deleted: a page never repeats or skips an item that existed through the whole listing.
 *
 * @param listing what was listed, with its filters (a token may not be used for another listing)
 * @param afterKey the key of the last item of the previous page
 */
public record PageToken(String listing, String afterKey) {
    private static final String VERSION = "1";

    /** Checks the members. */
    public PageToken {
        requireNonNull(listing, "listing");
        requireNonNull(afterKey, "afterKey");
    }

    /** The token's wire form. */
    public String encode() {
        String plain = VERSION + '\n' + listing + '\n' + afterKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a token from the wire for {@code listing}.
     *
     * @throws ValidationException when the token is malformed or belongs to another listing
     */
    public static PageToken decode(String token, String listing) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split("\n", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].equals(listing)) {
            throw invalid();
        }
        return new PageToken(parts[1], parts[2]);
    }

    private static ValidationException invalid() {
        return new ValidationException("The nextToken is not valid for this request. "
                + "Use the nextToken of the previous page of the same listing, with the same filters.");
    }
}
