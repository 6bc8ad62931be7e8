package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ConflictException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.stacks.Provisioned;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.stacks.ResourceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code AWS::IAM::Policy} (what the CDK's grants emit) and {@code AWS::IAM::ManagedPolicy} over the identity
 * service: the document attached as a named policy to each principal of {@code Roles} and {@code Users}
 * (their names: {@code Ref} of a role or user). Changing the document or the principals changes the
 * attachments in place; a managed policy's name replaces it.
 */
public final class AttachedPolicyProvider implements ResourceProvider {
    private final IdentityService identity;
    private final boolean managed;

    private AttachedPolicyProvider(IdentityService identity, boolean managed) {
        this.identity = requireNonNull(identity, "identity");
        this.managed = managed;
    }

    /** {@code AWS::IAM::Policy}. */
    public static AttachedPolicyProvider inline(IdentityService identity) {
        return new AttachedPolicyProvider(identity, false);
    }

    /** {@code AWS::IAM::ManagedPolicy}. */
    public static AttachedPolicyProvider managed(IdentityService identity) {
        return new AttachedPolicyProvider(identity, true);
    }

    @Override
    public String type() {
        return managed ? "AWS::IAM::ManagedPolicy" : "AWS::IAM::Policy";
    }

    @Override
    public Set<String> properties() {
        return managed ? Set.of("ManagedPolicyName", "PolicyDocument", "Roles", "Users", "Description", "Path")
                : Set.of("PolicyName", "PolicyDocument", "Roles", "Users");
    }

    @Override
    public Set<String> replacedBy() {
        return managed ? Set.of("ManagedPolicyName", "Path", "Description") : Set.of();
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        String name = managed ? Properties.text(context, properties, "ManagedPolicyName", false)
                : Properties.text(context, properties, "PolicyName", true);
        String policyName = name != null ? name : context.generatedName(64);
        String physicalId = managed ? context.iamArn("policy/" + policyName) : context.generatedName(64);
        if (managed) {
            context.require("iam:CreatePolicy", physicalId);
        }
        requireOnEach(context, managed ? "Attach" : "Put", principals(context, properties));
        attach(context, policyName, properties, List.of());
        ObjectNode attributes = JsonNodeFactory.instance.objectNode().put("Id", physicalId).put("PolicyName", policyName);
        if (managed) {
            attributes.put("PolicyArn", physicalId);
        }
        return new Provisioned(physicalId, attributes);
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        String oldName = current.attributes().path("PolicyName").asText();
        String newName = managed ? oldName : Properties.text(context, properties, "PolicyName", true);
        List<Target> wanted = principals(context, properties);
        List<Target> leaving = principals(context, previous).stream()
                .filter(p -> !wanted.contains(p) || !newName.equals(oldName)).toList();
        requireOnEach(context, managed ? "Detach" : "Delete", leaving);
        requireOnEach(context, managed ? "Attach" : "Put", wanted);
        leaving.forEach(principal -> detach(principal.name(), oldName));
        // What this resource attached before under the same name is its own to replace; anything else is not.
        attach(context, newName, properties, newName.equals(oldName) ? principals(context, previous) : List.of());
        return new Provisioned(current.physicalId(), current.attributes().deepCopy().put("PolicyName", newName));
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        String name = current.attributes().path("PolicyName").asText();
        List<Target> principals = principals(context, properties);
        requireOnEach(context, managed ? "Detach" : "Delete", principals);
        if (managed) {
            context.require("iam:DeletePolicy", current.physicalId());
        }
        principals.forEach(principal -> detach(principal.name(), name));
    }

    /**
     * Attaches the document under {@code policyName} to each principal, refusing before anything changes when a
     * principal other than those in {@code own} (where this resource put it before) already holds a policy of
     * that name: an operator's or another stack's policy is not overwritten, and so not deleted with this stack.
     */
    private void attach(ResourceContext context, String policyName, ObjectNode properties, List<Target> own) {
        String document = Properties.document(context, properties.get("PolicyDocument"), "PolicyDocument");
        List<Target> principals = principals(context, properties);
        if (principals.isEmpty() && !managed) {
            throw Properties.invalid(context, "Roles", "or Users must name at least one principal");
        }
        for (Target principal : principals) {
            if (!own.contains(principal) && identity.storedPolicies(principal.name()).stream()
                    .anyMatch(p -> p.name().equals(policyName))) {
                throw new ConflictException("Resources." + context.logicalId() + ": a policy named " + policyName
                        + " already exists on " + (principal.role() ? "role " : "user ") + principal.name()
                        + "; a stack does not replace a policy it did not create.");
            }
        }
        principals.forEach(principal -> identity.putPolicy(principal.name(), policyName, document));
    }

    private void detach(String principal, String policyName) {
        try {
            identity.deletePolicy(principal, policyName);
        } catch (ResourceNotFoundException gone) {
            // detached or deleted already
        }
    }

    /** A principal a policy is attached to: a role of {@code Roles} or a user of {@code Users}. */
    private record Target(String name, boolean role) {
        String arn(ResourceContext context) {
            return context.iamArn((role ? "role/" : "user/") + name);
        }
    }

    /**
     * Asks for IAM's action of {@code verb} ({@code Put}, {@code Delete} for an inline policy; {@code Attach},
     * {@code Detach} for a managed one) on each principal, before anything changes.
     */
    private static void requireOnEach(ResourceContext context, String verb, List<Target> principals) {
        principals.forEach(p -> context.require("iam:" + verb + (p.role() ? "Role" : "User") + "Policy",
                p.arn(context)));
    }

    private static List<Target> principals(ResourceContext context, ObjectNode properties) {
        List<Target> targets = new ArrayList<>();
        // A role given by ARN (arn:aws:iam::ACCOUNT:role/NAME) is the role NAME.
        Properties.texts(context, properties, "Roles").forEach(n -> targets.add(new Target(nameOf(n), true)));
        Properties.texts(context, properties, "Users").forEach(n -> targets.add(new Target(nameOf(n), false)));
        return targets;
    }

    private static String nameOf(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    }
}
