package dev.outcrop.server.protocol;

import dev.outcrop.server.http.WireRequest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The region named in a request's SigV4 credential scope ({@code AKID/yyyymmdd/region/service/aws4_request}),
 * from the {@code Authorization} header or a presigned URL's {@code X-Amz-Credential}. The region a client
 * signs for is the region it addresses.
 */
public final class CredentialScope {
    private static final Pattern HEADER_SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/[a-z0-9-]+/aws4_request");
    private static final Pattern QUERY_SCOPE = Pattern.compile("^[^/]+/\\d{8}/([a-z0-9-]+)/[a-z0-9-]+/aws4_request$");

    private CredentialScope() {}

    /** The signed-for region, when the request carries a SigV4 credential scope. */
    public static Optional<String> region(WireRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.startsWith("AWS4-HMAC-SHA256")) {
            Matcher matcher = HEADER_SCOPE.matcher(authorization);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        String credential = request.queryParameter("X-Amz-Credential");
        if (credential != null) {
            Matcher matcher = QUERY_SCOPE.matcher(credential);
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }
}
