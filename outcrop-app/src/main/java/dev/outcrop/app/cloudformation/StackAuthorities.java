package dev.outcrop.app.cloudformation;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.stacks.StackAuthority;

/**
 * Decides what a stack may do, over the same IAM policy engine that authorizes the API ({@link AccessControl}): a
 * stack operation asked through the CloudFormation API or the admin API acts with its caller's own permissions, so
 * a caller allowed {@code cloudformation:CreateStack} gets no more through a template than it could do by calling
 * each service itself; or, given a service role ({@code RoleARN}) the caller may pass, with the role's.
 */
public final class StackAuthorities {
    /** The service principal that assumes a stack's service role. */
    static final String CLOUDFORMATION = "cloudformation.amazonaws.com";
    private final AccessControl access;
    private final IdentityService identity;
    private final String partition;

    /** Creates the authorities over the access control that authorizes the API and the account's principals. */
    public StackAuthorities(AccessControl access, IdentityService identity, String partition) {
        this.access = requireNonNull(access, "access");
        this.identity = requireNonNull(identity, "identity");
        this.partition = requireNonNull(partition, "partition");
    }

    /** The authority of {@code caller}: its own identity-based policies decide, with IAM's global keys of {@code region}. */
    public StackAuthority of(Caller caller, String region) {
        requireNonNull(caller, "caller");
        requireNonNull(region, "region");
        return (action, resource) -> access.require(caller, region, action, resource, keys -> { });
    }

    /**
     * The authority of the service role {@code roleArn}, which {@code caller} hands the stack: as on CloudFormation,
     * the caller must be allowed {@code iam:PassRole} on it (else it could lend itself any role's permissions), and
     * every resource operation is then decided by the role's policies. Without a role, {@link #of(Caller, String)}.
     *
     * @throws dev.outcrop.error.AccessDeniedException when the caller may not pass the role
     * @throws ValidationException when {@code roleArn} names no role of the account
     */
    public StackAuthority of(Caller caller, String region, String roleArn) {
        if (roleArn == null || roleArn.isEmpty()) {
            return of(caller, region);
        }
        Principal role = role(roleArn);
        access.require(caller, region, "iam:PassRole", roleArn, keys -> { });
        // CloudFormation assumes the role: its trust policy must admit the service, as on AWS.
        if (!identity.trustPolicy(role).map(t -> t.trustsService("sts:AssumeRole", CLOUDFORMATION)).orElse(false)) {
            throw new dev.outcrop.error.ValidationException("Role " + roleArn + " is invalid or cannot be assumed");
        }
        Caller acting = new Caller(role, region, Caller.Method.SIGV4, caller.sourceIp(), true);
        return new StackAuthority() {
            @Override
            public void require(String action, String resource) {
                access.require(acting, region, action, resource, keys -> { });
            }

            @Override
            public String roleArn() {
                return roleArn;
            }
        };
    }

    /** The role {@code roleArn} names ({@code arn:aws:iam::ACCOUNT:role/PATH/NAME}), in CloudFormation's words. */
    private Principal role(String roleArn) {
        String[] parts = roleArn.split(":", 6);
        String invalid = "Role " + roleArn + " is invalid or cannot be assumed";
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[1].equals(partition) || !parts[2].equals("iam")
                || !parts[5].startsWith("role/")) {
            throw new ValidationException(invalid);
        }
        Principal role;
        try {
            role = identity.principal(parts[5].substring(parts[5].lastIndexOf('/') + 1));
        } catch (ResourceNotFoundException e) {
            throw new ValidationException(invalid);
        }
        if (role.kind() != Principal.Kind.ROLE || !role.accountId().equals(parts[4])
                || !role.arn(partition).equals(roleArn.replaceFirst(":role/.*/", ":role/"))) {
            throw new ValidationException(invalid);
        }
        return role;
    }
}
