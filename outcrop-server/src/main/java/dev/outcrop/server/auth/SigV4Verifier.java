package dev.outcrop.server.auth;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ExpiredTokenException;
import dev.outcrop.error.InvalidSignatureException;
import dev.outcrop.error.UnrecognizedClientException;
import dev.outcrop.identity.CredentialLookup;
import dev.outcrop.identity.SigningKey;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.util.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies AWS Signature Version 4 (header form and presigned query form) the way AWS does for a non-S3
 * service, from the request exactly as it arrived.
 *
 * <p>Steps (AWS SigV4 documentation, "Create a signed AWS API request"): 1. the canonical request, whose URI
 * is the raw path URI-encoded a second time, whose query is sorted and strictly encoded, whose headers are
 * the signed ones, lower-cased, trimmed and sorted, and whose payload hash is the body's SHA-256 (or
 * {@code x-amz-content-sha256}, checked against the body unless {@code UNSIGNED-PAYLOAD}); 2. the string to
 * sign; 3. the signing key derived from the secret, date, region and service; 4. the signature, compared in
 * constant time. The request time must be within 15 minutes of now; a presigned URL within its expiry.
 */
public final class SigV4Verifier {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String AUTHORITY = ":authority";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final long MAX_PRESIGN_SECONDS = Duration.ofDays(7).toSeconds();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String INVALID_SIGNATURE = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";
    private static final int MAX_DERIVED_KEYS = 1024;
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final CredentialLookup credentials;
    private final Clock clock;
    private final String service;
    private final java.util.Set<String> otherServices;
    private final Map<DerivedKeyScope, DerivedKey> derivedKeys = new ConcurrentHashMap<>();

    /** Creates a verifier of signatures for {@code service} ({@code bedrock} for both Bedrock clients). */
    public SigV4Verifier(CredentialLookup credentials, Clock clock, String service) {
        this(credentials, clock, service, java.util.Set.of());
    }

    /**
     * Creates a verifier of signatures for {@code service} and also {@code otherServices} (APIs served on the same
     * port, such as {@code cloudformation}); a refusal names {@code service}.
     */
    public SigV4Verifier(CredentialLookup credentials, Clock clock, String service,
                         java.util.Set<String> otherServices) {
        this.credentials = requireNonNull(credentials, "credentials");
        this.clock = requireNonNull(clock, "clock");
        this.service = requireNonNull(service, "service");
        this.otherServices = java.util.Set.copyOf(otherServices);
    }

    /** Whether the request carries SigV4 credentials, in its header or its query. */
    public static boolean isSigV4(WireRequest request) {
        String authorization = request.header("Authorization");
        return authorization != null && authorization.startsWith(ALGORITHM)
                || request.queryParameter("X-Amz-Algorithm") != null;
    }

    /** The verified caller: its key and the region it signed for. */
    public record Verified(SigningKey key, String region) {}

    /**
     * Verifies the request's signature.
     *
     * @throws UnrecognizedClientException for an unknown access key or a bad session token
     * @throws InvalidSignatureException for a malformed, tampered, expired or not-yet-valid signature
     * @throws ExpiredTokenException for expired temporary credentials
     */
    public Verified verify(WireRequest request) {
        return verify(request, false);
    }

    /**
     * Verifies what the head of a request whose body has not arrived allows: the whole signature when the header
     * form signs {@code x-amz-content-sha256} (its claim is checked against the body by {@link #verify}), and
     * otherwise everything but the signature itself, which covers the body's hash.
     *
     * @throws UnrecognizedClientException as {@link #verify} does
     * @throws InvalidSignatureException as {@link #verify} does
     * @throws ExpiredTokenException as {@link #verify} does
     */
    public void verifyHead(WireRequest head) {
        verify(head, true);
    }

    private Verified verify(WireRequest request, boolean headOnly) {
        boolean presigned = request.header("Authorization") == null;
        Signed signed = presigned ? fromQuery(request) : fromHeader(request);
        String[] scope = signed.credential().split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw new InvalidSignatureException("Credential should be scoped to a valid region, not '"
                    + signed.credential() + "'.");
        }
        String accessKeyId = scope[0];
        String scopeDate = scope[1];
        String region = scope[2];
        String service = scope[3];
        if (!service.equals(this.service) && !otherServices.contains(service)) {
            throw new InvalidSignatureException("Credential should be scoped to correct service: '" + this.service
                    + "'.");
        }
        Instant signedAt = parseAmzDate(signed.amzDate());
        if (!signed.amzDate().startsWith(scopeDate)) {
            throw new InvalidSignatureException("Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
                    + "of date from HTTP: '" + scopeDate + "' != '" + signed.amzDate().substring(0, 8) + "'.");
        }
        checkTime(signedAt, presigned ? signed.expiresSeconds() : -1);
        SigningKey key = credentials.signingKey(accessKeyId).orElseThrow(() -> new UnrecognizedClientException(INVALID_TOKEN));
        checkSessionToken(key, presigned ? request.queryParameter("X-Amz-Security-Token")
                : request.header("X-Amz-Security-Token"));
        if (!signed.signedHeaders().contains("host") && !signed.signedHeaders().contains(AUTHORITY)) {
            throw new InvalidSignatureException("The host header must be signed.");
        }
        DerivedKeyScope keyScope = new DerivedKeyScope(accessKeyId, scopeDate, region, service);
        DerivedKey derived = signingKey(keyScope, key.secret());
        byte[] signingKey = derived.key();
        byte[] presented = HexFormat.of().parseHex(signed.signature());
        // A presigned URL signs the body's hash (botocore, for non-S3 services) or, by S3's convention,
        // UNSIGNED-PAYLOAD; the latter is accepted only where there is no body to protect.
        String claimedHash = presigned ? null : request.header("x-amz-content-sha256");
        if (headOnly && claimedHash == null) {
            return null; // the signature covers the body's hash: verified once the body is here
        }
        List<String> payloadHashes = headOnly ? List.of(claimedHash) : presigned
                ? request.body().length == 0 ? List.of(hex(sha256(request.body())), UNSIGNED_PAYLOAD)
                        : List.of(hex(sha256(request.body())))
                : List.of(payloadHash(request));
        boolean matches = false;
        for (String payloadHash : payloadHashes) {
            String canonical = canonicalRequest(request, signed.signedHeaders(), payloadHash, presigned);
            String stringToSign = ALGORITHM + '\n' + signed.amzDate() + '\n' + scopeDate + '/' + region + '/' + service
                    + "/aws4_request\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
            matches |= MessageDigest.isEqual(hmac(signingKey, stringToSign), presented);
        }
        if (!matches) {
            throw new InvalidSignatureException(INVALID_SIGNATURE);
        }
        remember(keyScope, derived);
        return new Verified(key, region);
    }

    private record Signed(String credential, List<String> signedHeaders, String signature, String amzDate,
                          long expiresSeconds) {}

    private static Signed fromHeader(WireRequest request) {
        String[] parts = authorizationParts(request.header("Authorization").strip());
        if (parts == null) {
            throw new InvalidSignatureException("Authorization header requires 'Credential', 'SignedHeaders' and "
                    + "'Signature' parameters, as AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...");
        }
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            throw new InvalidSignatureException("Authorization requires an X-Amz-Date header.");
        }
        return new Signed(parts[0], List.of(parts[1].split(";")), parts[2], amzDate, -1);
    }

    /**
     * The credential, signed headers and signature of {@code AWS4-HMAC-SHA256 Credential=C, SignedHeaders=H,
     * Signature=S} (whitespace allowed around the commas, none inside a value, S 64 lower-case hex digits), or
     * null when the header has another form. Parsed by hand: it runs for every request.
     */
    static String[] authorizationParts(String header) {
        if (!header.startsWith(ALGORITHM)) {
            return null;
        }
        int at = ALGORITHM.length();
        int afterSpace = skipSpace(header, at);
        if (afterSpace == at) {
            return null;
        }
        String[] names = {"Credential=", "SignedHeaders=", "Signature="};
        String[] values = new String[3];
        at = afterSpace;
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                at = skipSpace(header, at);
                if (at == header.length() || header.charAt(at) != ',') {
                    return null;
                }
                at = skipSpace(header, at + 1);
            }
            if (!header.startsWith(names[i], at)) {
                return null;
            }
            int start = at + names[i].length();
            int end = start;
            while (end < header.length() && header.charAt(end) != ',' && !Character.isWhitespace(header.charAt(end))) {
                end++;
            }
            if (end == start) {
                return null;
            }
            values[i] = header.substring(start, end);
            at = end;
        }
        if (skipSpace(header, at) != header.length() || !isLowerHex64(values[2])) {
            return null;
        }
        return values;
    }

    private static int skipSpace(String text, int at) {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static boolean isLowerHex64(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static Signed fromQuery(WireRequest request) {
        if (!ALGORITHM.equals(request.queryParameter("X-Amz-Algorithm"))) {
            throw new InvalidSignatureException("X-Amz-Algorithm only supports AWS4-HMAC-SHA256.");
        }
        String credential = request.queryParameter("X-Amz-Credential");
        String headers = request.queryParameter("X-Amz-SignedHeaders");
        String signature = request.queryParameter("X-Amz-Signature");
        String amzDate = request.queryParameter("X-Amz-Date");
        String expires = request.queryParameter("X-Amz-Expires");
        if (credential == null || headers == null || signature == null || amzDate == null || expires == null
                || !isLowerHex64(signature) || !expires.matches("\\d{1,7}")) {
            throw new InvalidSignatureException("A presigned request requires X-Amz-Credential, X-Amz-Date, "
                    + "X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.");
        }
        long seconds = Long.parseLong(expires);
        if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
            throw new InvalidSignatureException("X-Amz-Expires must be between 1 and " + MAX_PRESIGN_SECONDS + " seconds.");
        }
        return new Signed(credential, List.of(headers.split(";")), signature, amzDate, seconds);
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'}, parsed by hand (a DateTimeFormatter costs microseconds a request). */
    static Instant parseAmzDate(String amzDate) {
        if (amzDate.length() == 16 && amzDate.charAt(8) == 'T' && amzDate.charAt(15) == 'Z') {
            int year = digits(amzDate, 0, 4);
            int month = digits(amzDate, 4, 6);
            int day = digits(amzDate, 6, 8);
            int hour = digits(amzDate, 9, 11);
            int minute = digits(amzDate, 11, 13);
            int second = digits(amzDate, 13, 15);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    // a field out of range: answered below
                }
            }
        }
        throw new InvalidSignatureException("X-Amz-Date must be in the ISO 8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private void checkTime(Instant signedAt, long presignedSeconds) {
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new InvalidSignatureException("Signature not yet current: " + amzDate(signedAt) + " is still later than "
                    + amzDate(now.plus(MAX_SKEW)) + " (" + amzDate(now) + " + 15 min.)");
        }
        if (presignedSeconds >= 0) {
            if (now.isAfter(signedAt.plusSeconds(presignedSeconds))) {
                throw new InvalidSignatureException("Signature expired: " + amzDate(signedAt) + " + " + presignedSeconds
                        + " s is now earlier than " + amzDate(now) + ".");
            }
        } else if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new InvalidSignatureException("Signature expired: " + amzDate(signedAt) + " is now earlier than "
                    + amzDate(now.minus(MAX_SKEW)) + " (" + amzDate(now) + " - 15 min.)");
        }
    }

    private static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    private void checkSessionToken(SigningKey key, String presented) {
        if (key.sessionTokenSha256() == null) {
            if (presented != null) {
                throw new UnrecognizedClientException(INVALID_TOKEN);
            }
            return;
        }
        if (presented == null || !MessageDigest.isEqual(key.sessionTokenSha256(),
                sha256(presented.getBytes(StandardCharsets.UTF_8)))) {
            throw new UnrecognizedClientException(INVALID_TOKEN);
        }
        if (key.expiresAt() != null && !clock.instant().isBefore(key.expiresAt())) {
            throw new ExpiredTokenException("The security token included in the request is expired");
        }
    }

    private static String payloadHash(WireRequest request) {
        String claimed = request.header("x-amz-content-sha256");
        if (claimed == null) {
            return hex(sha256(request.body()));
        }
        if (claimed.equals(UNSIGNED_PAYLOAD)) {
            return claimed;
        }
        if (!claimed.equals(hex(sha256(request.body())))) {
            throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return claimed;
    }

    /** Step 1: the canonical request. */
    static String canonicalRequest(WireRequest request, List<String> signedHeaders, String payloadHash, boolean presigned) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalUri(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery(), presigned)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = isAuthority(request, name) ? authority(request) : request.headers().getAll(name);
            List<String> normalized = new ArrayList<>(values.size());
            for (String value : values) {
                normalized.add(collapseSpaces(value.strip()));
            }
            canonical.append(name).append(':').append(String.join(",", normalized)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return canonical.toString();
    }

    /**
     * Whether the signed header {@code name} stands for the request's authority. The AWS SDK for JavaScript v3
     * over HTTP/2 signs the {@code :authority} pseudo-header under that name and sends no {@code host}; the
     * AWS SDK for Java v2 signs {@code host} and sends {@code :authority}. Over HTTP/1.1 {@code host} is the
     * Host header as sent.
     */
    private static boolean isAuthority(WireRequest request, String name) {
        return name.equals(AUTHORITY) || request.http2() && name.equals("host");
    }

    /**
     * The request's authority, once: {@code :authority} where the headers still carry it, else {@code Host}
     * (the HTTP/2 codec turns {@code :authority} into {@code Host}, beside any {@code host} the client also sent).
     */
    private static List<String> authority(WireRequest request) {
        String authority = request.header(AUTHORITY);
        if (authority == null) {
            authority = request.header("host");
        }
        return authority == null ? List.of() : List.of(authority);
    }

    /** Runs of whitespace inside a header value become one space (without a regular expression: every request). */
    static String collapseSpaces(String value) {
        int i = 0;
        while (i < value.length() && !Character.isWhitespace(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            return value;
        }
        StringBuilder collapsed = new StringBuilder(value.length()).append(value, 0, i);
        boolean inSpace = false;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!inSpace) {
                    collapsed.append(' ');
                }
                inSpace = true;
            } else {
                collapsed.append(c);
                inSpace = false;
            }
        }
        return collapsed.toString();
    }

    /** The raw (already encoded) path, encoded again: non-S3 services sign it double-encoded. */
    static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(rawPath, false);
    }

    static String canonicalQuery(String rawQuery, boolean presigned) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = percentDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1));
            if (presigned && key.equals("X-Amz-Signature")) {
                continue;
            }
            sorted.computeIfAbsent(uriEncode(key, true), k -> new ArrayList<>()).add(uriEncode(value, true));
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : sorted.entrySet()) {
            entry.getValue().stream().sorted().forEach(v -> parts.add(entry.getKey() + '=' + v));
        }
        return String.join("&", parts);
    }

    /** RFC 3986 encoding of everything but unreserved characters (and {@code /} unless {@code encodeSlash}). */
    static String uriEncode(String text, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        try {
            return dev.outcrop.server.protocol.PathCodec.decodeSegment(text);
        } catch (BedrockException e) {
            throw new InvalidSignatureException("The query string has a malformed percent-encoding.");
        }
    }

    /**
     * Step 3: the signing key, derived once a day per key and region (four HMACs), as the AWS SDKs cache it.
     * A key is kept only once a signature made with it has verified ({@link #remember}): the scope is the
     * caller's text, and one who knows only an access key id must not fill the cache.
     */
    private DerivedKey signingKey(DerivedKeyScope scope, byte[] secret) {
        DerivedKey cached = derivedKeys.get(scope);
        // The secret is compared too: a key whose secret changed (re-imported) never signs with the old one.
        if (cached != null && MessageDigest.isEqual(cached.secret(), secret)) {
            return cached;
        }
        byte[] prefix = "AWS4".getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + secret.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(secret, 0, key, prefix.length, secret.length);
        byte[] dateKey = hmac(key, scope.date());
        java.util.Arrays.fill(key, (byte) 0);
        return new DerivedKey(secret, hmac(hmac(hmac(dateKey, scope.region()), scope.service()), "aws4_request"));
    }

    private void remember(DerivedKeyScope scope, DerivedKey derived) {
        if (derivedKeys.get(scope) == derived) {
            return;
        }
        if (derivedKeys.size() >= MAX_DERIVED_KEYS) {
            derivedKeys.clear(); // scopes of past days and forgotten keys; the live ones come back at once
        }
        derivedKeys.put(scope, derived);
    }

    /** How many derived keys are kept (for tests). */
    int derivedKeyCount() {
        return derivedKeys.size();
    }

    private record DerivedKeyScope(String accessKeyId, String date, String region, String service) {}

    /** A derived key and the secret it came from (the same array the credential store holds, not a copy). */
    private record DerivedKey(byte[] secret, byte[] key) {}

    private static byte[] hmac(byte[] key, String data) {
        return Digests.hmacSha256(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        return Digests.sha256(data);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
