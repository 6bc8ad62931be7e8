package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.stacks.Provisioned;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.stacks.ResourceProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::IAM::Role} and {@code AWS::IAM::User} over the identity service: an Outcrop principal of that
 * kind, with its inline {@code Policies} and its mapped {@code ManagedPolicyArns} attached as named policies.
 * The name (given, or generated as CloudFormation does) and the path replace it; policies change in place.
 * {@code Ref} is the name.
 */
public final class PrincipalProvider implements ResourceProvider {
    private static final Set<String> ROLE_PROPERTIES = Set.of("AssumeRolePolicyDocument", "Description",
            "ManagedPolicyArns", "MaxSessionDuration", "Path", "Policies", "RoleName", "Tags");
    private static final Set<String> USER_PROPERTIES = Set.of("ManagedPolicyArns", "Path", "Policies", "UserName",
            "Tags");
    private final IdentityService identity;
    private final Principal.Kind kind;

    private PrincipalProvider(IdentityService identity, Principal.Kind kind) {
        this.identity = requireNonNull(identity, "identity");
        this.kind = kind;
    }

    /** {@code AWS::IAM::Role}. The trust policy is kept with the role, and STS's AssumeRole enforces it. */
    public static PrincipalProvider roles(IdentityService identity) {
        return new PrincipalProvider(identity, Principal.Kind.ROLE);
    }

    /** {@code AWS::IAM::User}. */
    public static PrincipalProvider users(IdentityService identity) {
        return new PrincipalProvider(identity, Principal.Kind.USER);
    }

    @Override
    public String type() {
        return kind == Principal.Kind.ROLE ? "AWS::IAM::Role" : "AWS::IAM::User";
    }

    @Override
    public Set<String> properties() {
        return kind == Principal.Kind.ROLE ? ROLE_PROPERTIES : USER_PROPERTIES;
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of(nameProperty(), "Path");
    }

    private String nameProperty() {
        return kind == Principal.Kind.ROLE ? "RoleName" : "UserName";
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        if (kind == Principal.Kind.ROLE && !properties.has("AssumeRolePolicyDocument")) {
            throw Properties.invalid(context, "AssumeRolePolicyDocument", "is required");
        }
        Map<String, String> policies = policies(context, properties);
        String given = Properties.text(context, properties, nameProperty(), false);
        String name = given != null ? given : context.generatedName(64);
        String arn = context.iamArn(noun().toLowerCase(java.util.Locale.ROOT) + "/" + name);
        context.require("iam:Create" + noun(), arn);
        inlineNames(properties).forEach(policy -> context.require("iam:Put" + noun() + "Policy", arn));
        managedArns(context, properties).forEach(policy -> context.require("iam:Attach" + noun() + "Policy", arn));
        Principal principal = identity.createPrincipal(name, kind,
                kind == Principal.Kind.ROLE ? trustPolicy(context, properties) : null);
        try {
            policies.forEach((policy, document) -> identity.putPolicy(principal.name(), policy, document));
        } catch (RuntimeException e) {
            identity.deletePrincipal(principal.name()); // nothing half made is left behind
            throw e;
        }
        return provisioned(context, principal);
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        Map<String, String> wanted = policies(context, properties);
        requireUpdate(context, current, previous, properties);
        if (kind == Principal.Kind.ROLE) {
            identity.setTrustPolicy(current.physicalId(), trustPolicy(context, properties));
        }
        for (String gone : policies(context, previous).keySet()) {
            if (!wanted.containsKey(gone)) {
                identity.deletePolicy(current.physicalId(), gone);
            }
        }
        wanted.forEach((policy, document) -> identity.putPolicy(current.physicalId(), policy, document));
        return provisioned(context, identity.principal(current.physicalId()));
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        context.require("iam:Delete" + noun(), arnOf(context, current));
        try {
            identity.deletePrincipal(current.physicalId());
        } catch (ResourceNotFoundException gone) {
            // deleted already
        }
    }

    /** {@code Role} or {@code User}, as IAM's action names spell the kind. */
    private String noun() {
        return kind == Principal.Kind.ROLE ? "Role" : "User";
    }

    private String arnOf(ResourceContext context, Provisioned current) {
        return context.iamArn(noun().toLowerCase(java.util.Locale.ROOT) + "/" + current.physicalId());
    }

    /**
     * Every permission an update needs, asked before anything changes, so that a refusal leaves the principal as it
     * was: the trust policy's replacement, and each inline policy put or deleted and managed policy attached or
     * detached.
     */
    private void requireUpdate(ResourceContext context, Provisioned current, ObjectNode previous,
                               ObjectNode properties) {
        String arn = arnOf(context, current);
        if (kind == Principal.Kind.ROLE && !java.util.Objects.equals(previous.get("AssumeRolePolicyDocument"),
                properties.get("AssumeRolePolicyDocument"))) {
            context.require("iam:UpdateAssumeRolePolicy", arn);
        }
        java.util.List<String> inline = inlineNames(properties);
        java.util.List<String> managed = managedArns(context, properties);
        inlineNames(previous).stream().filter(n -> !inline.contains(n))
                .forEach(n -> context.require("iam:Delete" + noun() + "Policy", arn));
        managedArns(context, previous).stream().filter(n -> !managed.contains(n))
                .forEach(n -> context.require("iam:Detach" + noun() + "Policy", arn));
        inline.forEach(n -> context.require("iam:Put" + noun() + "Policy", arn));
        managed.forEach(n -> context.require("iam:Attach" + noun() + "Policy", arn));
    }

    private static java.util.List<String> inlineNames(ObjectNode properties) {
        java.util.List<String> names = new java.util.ArrayList<>();
        properties.path("Policies").forEach(policy -> names.add(policy.path("PolicyName").asText()));
        return names;
    }

    private static java.util.List<String> managedArns(ResourceContext context, ObjectNode properties) {
        return Properties.texts(context, properties, "ManagedPolicyArns");
    }

    /** The role's trust policy, enforced by STS's AssumeRole (the local CLI's {@code stacks env} stands in for it). */
    private static String trustPolicy(ResourceContext context, ObjectNode properties) {
        return Properties.document(context, properties.get("AssumeRolePolicyDocument"), "AssumeRolePolicyDocument");
    }

    /** The named policies the properties attach: the inline ones and the mapped AWS managed ones. */
    private static Map<String, String> policies(ResourceContext context, ObjectNode properties) {
        Map<String, String> policies = new LinkedHashMap<>();
        JsonNode inline = properties.get("Policies");
        if (inline != null) {
            if (!inline.isArray()) {
                throw Properties.invalid(context, "Policies", "must be a list of {PolicyName, PolicyDocument}");
            }
            for (JsonNode policy : inline) {
                if (!policy.path("PolicyName").isTextual()) {
                    throw Properties.invalid(context, "Policies", "needs a PolicyName in each policy");
                }
                policies.put(policy.get("PolicyName").asText(),
                        Properties.document(context, policy.get("PolicyDocument"), "Policies.PolicyDocument"));
            }
        }
        for (String arn : Properties.texts(context, properties, "ManagedPolicyArns")) {
            AwsManagedPolicies.document(context, arn)
                    .ifPresent(document -> policies.put(AwsManagedPolicies.attachedName(arn), document));
        }
        return policies;
    }

    private static Provisioned provisioned(ResourceContext context, Principal principal) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put("Arn", principal.arn(context.scope().partition()));
        if (principal.kind() == Principal.Kind.ROLE) {
            attributes.put("RoleId", principal.id());
        }
        return new Provisioned(principal.name(), attributes);
    }
}
