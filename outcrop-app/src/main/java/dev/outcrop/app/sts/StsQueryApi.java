package dev.outcrop.app.sts;

import static java.util.Objects.requireNonNull;

import dev.outcrop.app.query.QueryError;
import dev.outcrop.app.query.QueryForm;
import dev.outcrop.app.query.QueryProtocol;
import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.iam.Decision;
import dev.outcrop.iam.TrustPolicy;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.Exchange;
import dev.outcrop.server.http.WireRequest;
import java.time.Duration;
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
    private static final QueryProtocol PROTOCOL = new QueryProtocol(NAMESPACE, 16 * 1024);
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
        PROTOCOL.serve(exchange, form -> {
            String action = form.get("Action") == null ? "" : form.get("Action");
            if (!action.equals("AssumeRole")) {
                throw new QueryError(400, "InvalidAction", "Could not find operation " + action + " for version "
                        + VERSION);
            }
            if (!VERSION.equals(form.get("Version"))) {
                throw new QueryError(400, "InvalidParameterValue", "Version must be " + VERSION + ".");
            }
            return assumeRole(exchange, form);
        });
    }

    /** The edge's errors for this API (a signature refused, say) in STS's {@code ErrorResponse}. */
    @Override
    public ErrorWriter errorWriter(WireRequest head) {
        return PROTOCOL.errorWriter();
    }

    private byte[] assumeRole(Exchange exchange, QueryForm form) {
        String arn = form.required("RoleArn");
        String session = form.required("RoleSessionName");
        if (!SESSION_NAME.matcher(session).matches()) {
            throw new QueryError(400, "ValidationError", "1 validation error detected: Value '" + session
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
                throw new QueryError(400, "ValidationError", "1 validation error detected: Value '"
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
            throw new QueryError(400, "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        IdentityService.NewAccessKey credentials = identity.createTemporaryCredentials(role.name(),
                Duration.ofSeconds(seconds));
        String assumedRoleId = role.id() + ":" + session;
        String assumedArn = "arn:" + partition + ":sts::" + accountId + ":assumed-role/" + role.name() + "/" + session;
        return PROTOCOL.response("AssumeRole", exchange.requestId(), xml -> xml.open("Credentials")
                .element("AccessKeyId", credentials.accessKeyId())
                .element("SecretAccessKey", credentials.secretAccessKey())
                .element("SessionToken", credentials.sessionToken())
                .element("Expiration", credentials.expiresAt())
                .close("Credentials").open("AssumedRoleUser")
                .element("AssumedRoleId", assumedRoleId)
                .element("Arn", assumedArn)
                .close("AssumedRoleUser"));
    }
}
