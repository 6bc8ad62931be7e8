package dev.outcrop.iam;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The typed values of condition operators, read the same way when a policy is put (where a value that is
 * not of its operator's type makes the policy malformed) and when a request is evaluated (where a value
 * that cannot be read, such as a caller's tag in a {@code Date} condition, matches nothing). Every method
 * answers null for a value it cannot read and never throws.
 */
final class ConditionValues {
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d{1,18}");
    /**
     * The W3C profile of ISO 8601 that IAM reads: {@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD}, and a
     * date with {@code Thh:mm}, {@code Thh:mm:ss} or {@code Thh:mm:ss.s} and a zone ({@code Z} or
     * {@code +hh:mm}); a time without a zone is read as UTC.
     */
    private static final Pattern W3C_DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})"
            + "(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Starts as the JDK needs to parse it as a literal (a hex digit or ':'), has a ':', and is not too long. */
    private static final Pattern IPV6 = Pattern.compile("(?=.{2,45}$)[0-9A-Fa-f:][0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");
    /** Longer numbers are not numbers IAM compares; the bound keeps a hostile value from costing much. */
    private static final int MAX_NUMBER_LENGTH = 64;

    private ConditionValues() {}

    /** A network: the address's bytes and the prefix length in bits. */
    record Network(byte[] address, int bits) {
        /** Whether {@code ip} (4 or 16 bytes) is in this network. */
        boolean contains(byte[] ip) {
            if (ip.length != address.length) {
                return false;
            }
            int left = bits;
            for (int i = 0; i < address.length && left > 0; i++, left -= 8) {
                int mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
                if ((address[i] & mask) != (ip[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A decimal number ({@code 10}, {@code -2.5}, {@code 1e3}), or null. */
    static BigDecimal number(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A date as IAM reads it: the W3C profile of ISO 8601 ({@code 2100} is the year 2100,
     * {@code 2026-12}, {@code 2026-12-31}, {@code 2026-12-31T00:00:00Z}) or other whole numbers as epoch
     * seconds; else null.
     */
    static Instant date(String text) {
        String t = text.strip();
        try {
            var w3c = W3C_DATE.matcher(t);
            if (w3c.matches()) {
                return w3cDate(w3c);
            }
            if (EPOCH_SECONDS.matcher(t).matches()) {
                return Instant.ofEpochSecond(Long.parseLong(t));
            }
            return null;
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static Instant w3cDate(java.util.regex.Matcher m) {
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), part(m.group(2), 1), part(m.group(3), 1),
                part(m.group(4), 0), part(m.group(5), 0), part(m.group(6), 0),
                m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
        ZoneOffset zone = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
        return local.toInstant(zone);
    }

    private static int part(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
    }

    /** {@code true} or {@code false} in any case, or null. */
    static Boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The bytes of a base64 value, or null. */
    static byte[] binary(String text) {
        try {
            return Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * An IPv4 or IPv6 address written as a literal, optionally with a prefix length ({@code 10.0.0.0/8},
     * {@code ::1/128}); a bare address is a /32 or /128. Never a host name: nothing is looked up.
     */
    static Network network(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        byte[] address = address(slash < 0 ? t : t.substring(0, slash));
        if (address == null) {
            return null;
        }
        int max = address.length * 8;
        if (slash < 0) {
            return new Network(address, max);
        }
        String prefix = t.substring(slash + 1);
        if (!PREFIX.matcher(prefix).matches() || Integer.parseInt(prefix) > max) {
            return null;
        }
        return new Network(address, Integer.parseInt(prefix));
    }

    /** The bytes of an IPv4 or IPv6 literal (a link-local one's {@code %zone} ignored), or null. */
    static byte[] address(String text) {
        String t = text.strip();
        int zone = t.indexOf('%');
        if (zone > 0 && t.indexOf(':') >= 0) {
            t = t.substring(0, zone); // fe80:0:0:0:0:0:0:1%1, as the JDK writes a peer's link-local address
        }
        var v4 = IPV4.matcher(t);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (!IPV6.matcher(t).matches()) {
            return null; // not a literal: never resolved as a host name
        }
        try {
            return InetAddress.getByName(t).getAddress(); // a literal with ':' is parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
