package dev.outcrop.util;

/** Searches in raw bytes: a body as it came, a file as it lies on disk, without decoding either. */
public final class Bytes {
    private Bytes() {}

    /** The first index at which {@code needle} occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
