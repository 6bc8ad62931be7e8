package dev.outcrop.util;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the UUID v4 form AWS uses. They identify calls in logs and the ledger and are not
 * secrets, so they come from a fast thread-local generator rather than {@code UUID.randomUUID()}, whose
 * shared {@code SecureRandom} serializes every request on a lock.
 */
public final class RequestIds {
    private RequestIds() {}

    /** A new random (version 4, IETF variant) UUID string. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
