package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        attach(context, policyName, properties);
        String physicalId = managed ? "arn:" + context.scope().partition() + ":iam::" + context.scope().accountId()
                + ":policy/" + policyName : context.generatedName(64);
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
        List<String> wanted = principals(context, properties);
        for (String principal : principals(context, previous)) {
            if (!wanted.contains(principal) || !newName.equals(oldName)) {
                detach(principal, oldName);
            }
        }
        attach(context, newName, properties);
        return new Provisioned(current.physicalId(), current.attributes().deepCopy().put("PolicyName", newName));
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        String name = current.attributes().path("PolicyName").asText();
        principals(context, properties).forEach(principal -> detach(principal, name));
    }

    private void attach(ResourceContext context, String policyName, ObjectNode properties) {
        String document = Properties.document(context, properties.get("PolicyDocument"), "PolicyDocument");
        List<String> principals = principals(context, properties);
        if (principals.isEmpty() && !managed) {
            throw Properties.invalid(context, "Roles", "or Users must name at least one principal");
        }
        principals.forEach(principal -> identity.putPolicy(principal, policyName, document));
    }

    private void detach(String principal, String policyName) {
        try {
            identity.deletePolicy(principal, policyName);
        } catch (ResourceNotFoundException gone) {
            // detached or deleted already
        }
    }

    private static List<String> principals(ResourceContext context, ObjectNode properties) {
        List<String> names = new ArrayList<>(Properties.texts(context, properties, "Roles"));
        names.addAll(Properties.texts(context, properties, "Users"));
        // A role given by ARN (arn:aws:iam::ACCOUNT:role/NAME) is the role NAME.
        return names.stream().map(n -> n.startsWith("arn:") ? n.substring(n.lastIndexOf('/') + 1) : n).toList();
    }
}
