package dev.outcrop.util;

/** UTF-8 lengths of text, counted without encoding it: quotas given in bytes are checked on strings as they are. */
public final class Utf8 {
    private Utf8() {}

    /** The number of bytes {@code text} takes in UTF-8 (an unpaired surrogate counts as the one byte of
     * the {@code ?} Java's encoder writes for it). */
    public static long length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
