package dev.outcrop.util;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: UUIDs in the 8-4-4-4-12 form AWS uses, version 7 (RFC 9562): a millisecond timestamp
 * followed by random bits. Clients treat a request id as an opaque string; the ledger keeps one unique
 * index on it, and ids that grow with time insert at the right edge of that index instead of at a random
 * page, so a group commit writes a few pages rather than one per record. They are not secrets, so the
 * random part comes from a fast thread-local generator rather than {@code UUID.randomUUID()}, whose shared
 * {@code SecureRandom} serializes every request on a lock.
 */
public final class RequestIds {
    private RequestIds() {}

    /** A new version 7 (IETF variant) UUID string: 48 bits of Unix milliseconds, then 74 random bits. */
    public static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
