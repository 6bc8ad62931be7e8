package dev.outcrop.util;

import java.security.SecureRandom;

/** Random resource ids in the shape AWS uses: lowercase letters and digits. */
public final class ResourceIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResourceIds() {}

    /** A new id of {@code length} lowercase alphanumerics, e.g. {@code 5dews3o6kky6} for 12. */
    public static String newId(int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
