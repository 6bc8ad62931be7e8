package dev.outcrop.util;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256, on every request's path (SigV4, API keys). Each call clones a prototype
 * instead of asking the security providers for a new instance, which looks the algorithm up and builds it
 * by reflection every time.
 */
public final class Digests {
    private static final MessageDigest SHA256 = digest();
    private static final Mac HMAC_SHA256 = mac();

    private Digests() {}

    /** SHA-256 of {@code data}. */
    public static byte[] sha256(byte[] data) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            digest = digest();
        }
        return digest.digest(data);
    }

    /** SHA-256 of {@code text} in UTF-8. */
    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        Mac mac;
        try {
            mac = (Mac) HMAC_SHA256.clone();
        } catch (CloneNotSupportedException e) {
            mac = mac();
        }
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("an HMAC key of " + key.length + " bytes", e);
        }
        return mac.doFinal(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Mac mac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
