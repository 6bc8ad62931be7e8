package dev.outcrop.app.sts;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.error.BedrockException;
import dev.outcrop.iam.Decision;
import dev.outcrop.iam.TrustPolicy;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.Exchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS's {@code AssumeRole} in the AWS query protocol ({@code POST /}, a form body, signed for {@code sts}): a caller
 * allowed {@code sts:AssumeRole} on a role principal's ARN gets temporary credentials of that role (an access key,
 * a secret and a session token, which Outcrop's SigV4 verifier then requires), when the role's trust policy lets
 * it in as well (IAM's rule: see {@link TrustPolicy}). A caller signing with temporary credentials chains roles,
 * and gets at most an hour. The AWS SDKs' STS clients, and so
 * their assume-role credential providers, work against it with the endpoint overridden. The other actions of STS
 * are refused as {@code InvalidAction}.
 */
public final class StsQueryApi implements EdgeService {
    /** The SigV4 service name STS requests are signed for. */
    public static final String SIGNING_SERVICE = "sts";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String VERSION = "2011-06-15";
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final int MIN_SECONDS = 900;
    private static final int MAX_SECONDS = 43_200;
    private static final int MAX_FORM = 16 * 1024;
    /** The longest session AssumeRole gives a caller signing with temporary credentials (role chaining), as STS. */
    private static final int CHAINED_MAX_SECONDS = 3600;
    private static final String ACTION = "sts:AssumeRole";

    private final IdentityService identity;
    private final AccessControl access;
    private final String partition;
    private final String accountId;
    private final Pattern roleArn;

    /** Creates the API for the one account Outcrop serves. */
    public StsQueryApi(IdentityService identity, AccessControl access, String partition, String accountId) {
        this.identity = requireNonNull(identity, "identity");
        this.access = requireNonNull(access, "access");
        this.partition = requireNonNull(partition, "partition");
        this.accountId = requireNonNull(accountId, "accountId");
        this.roleArn = Pattern.compile("arn:" + Pattern.quote(partition) + ":iam::(\\d{12}):role/([\\w+=,.@-]{1,64})");
    }

    @Override
    public void serve(Exchange exchange) {
        try {
            Map<String, String> form = form(exchange.request().body());
            String action = form.getOrDefault("Action", "");
            if (!action.equals("AssumeRole")) {
                throw new StsError(400, "InvalidAction", "Could not find operation " + action + " for version " + VERSION);
            }
            if (!VERSION.equals(form.get("Version"))) {
                throw new StsError(400, "InvalidParameterValue", "Version must be " + VERSION + ".");
            }
            exchange.response().send(200, exchange.headers("text/xml"), assumeRole(exchange, form));
        } catch (StsError e) {
            send(exchange, e.status, e.code, e.getMessage());
        } catch (AccessDeniedException e) {
            send(exchange, 403, "AccessDenied", e.getMessage());
        } catch (BedrockException e) {
            if (e.isServerFault()) {
                throw e;
            }
            send(exchange, 400, "ValidationError", e.getMessage());
        }
    }

    private byte[] assumeRole(Exchange exchange, Map<String, String> form) {
        String arn = required(form, "RoleArn", "roleArn");
        String session = required(form, "RoleSessionName", "roleSessionName");
        if (!SESSION_NAME.matcher(session).matches()) {
            throw new StsError(400, "ValidationError", "1 validation error detected: Value '" + session
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        int seconds = 3600;
        if (form.get("DurationSeconds") != null) {
            try {
                seconds = Integer.parseInt(form.get("DurationSeconds"));
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
                throw new StsError(400, "ValidationError", "1 validation error detected: Value '"
                        + form.get("DurationSeconds") + "' at 'durationSeconds' failed to satisfy constraint: Member "
                        + "must have value between " + MIN_SECONDS + " and " + MAX_SECONDS);
            }
        }
        Caller caller = exchange.caller();
        String region = caller.region() != null ? caller.region() : "us-east-1";
        String callerArn = caller.principal().arn(partition);
        AccessDeniedException denied = new AccessDeniedException("User: " + callerArn
                + " is not authorized to perform: sts:AssumeRole on resource: " + arn);
        Decision.Effect allowedByIdentity = access.decide(caller,
                access.context(caller, region, ACTION, arn, keys -> { })).effect();
        if (allowedByIdentity == Decision.Effect.EXPLICIT_DENY) {
            throw denied;
        }
        Matcher matcher = roleArn.matcher(arn);
        Principal role = null;
        if (matcher.matches() && matcher.group(1).equals(accountId)) {
            role = identity.principals().stream()
                    .filter(p -> p.kind() == Principal.Kind.ROLE && p.name().equals(matcher.group(2)))
                    .findFirst().orElse(null);
        }
        if (role == null) {
            throw denied; // as STS answers for a role that is not there: a caller learns nothing of the roles there are
        }
        // IAM's rule for a role: its trust policy must name the caller, or the caller's account, and then the
        // caller's own policies must allow it too. Anonymous local development (auth off) allows everything.
        TrustPolicy.Trust trust = caller.method() == Caller.Method.ANONYMOUS ? TrustPolicy.Trust.PRINCIPAL
                : identity.trustPolicy(role).map(t -> t.trust(ACTION, callerArn, caller.principal().accountId()))
                        .orElse(TrustPolicy.Trust.NONE);
        boolean allowed = trust == TrustPolicy.Trust.PRINCIPAL
                || trust == TrustPolicy.Trust.ACCOUNT && allowedByIdentity == Decision.Effect.ALLOW;
        if (!allowed) {
            throw denied;
        }
        if (caller.temporary() && seconds > CHAINED_MAX_SECONDS) {
            throw new StsError(400, "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        IdentityService.NewAccessKey credentials = identity.createTemporaryCredentials(role.name(),
                Duration.ofSeconds(seconds));
        StringBuilder xml = new StringBuilder("<AssumeRoleResponse xmlns=\"").append(NAMESPACE).append("\">")
                .append("<AssumeRoleResult><Credentials>");
        element(xml, "AccessKeyId", credentials.accessKeyId());
        element(xml, "SecretAccessKey", credentials.secretAccessKey());
        element(xml, "SessionToken", credentials.sessionToken());
        element(xml, "Expiration", credentials.expiresAt().toString());
        xml.append("</Credentials><AssumedRoleUser>");
        element(xml, "AssumedRoleId", role.id() + ":" + session);
        element(xml, "Arn", "arn:" + partition + ":sts::" + accountId + ":assumed-role/" + role.name() + "/" + session);
        xml.append("</AssumedRoleUser></AssumeRoleResult><ResponseMetadata>");
        element(xml, "RequestId", exchange.requestId());
        xml.append("</ResponseMetadata></AssumeRoleResponse>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String required(Map<String, String> form, String name, String member) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw new StsError(400, "ValidationError", "1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static Map<String, String> form(byte[] body) {
        if (body.length > MAX_FORM) {
            throw new StsError(400, "ValidationError", "The request is longer than " + MAX_FORM + " bytes.");
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (values.put(name, value) != null) {
                    throw new StsError(400, "ValidationError", "The parameter " + name + " appears more than once.");
                }
            } catch (IllegalArgumentException e) {
                throw new StsError(400, "MalformedQueryString", "The form body is not URL-encoded.");
            }
        }
        return values;
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>').append(value.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;")).append("</").append(name).append('>');
    }

    private static void send(Exchange exchange, int status, String code, String message) {
        StringBuilder xml = new StringBuilder("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\"><Error>");
        element(xml, "Type", status < 500 ? "Sender" : "Receiver");
        element(xml, "Code", code);
        element(xml, "Message", message);
        xml.append("</Error>");
        element(xml, "RequestId", exchange.requestId());
        xml.append("</ErrorResponse>");
        exchange.response().send(status, exchange.headers("text/xml"), xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An error of STS's own, with its code and status. */
    private static final class StsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        StsError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
