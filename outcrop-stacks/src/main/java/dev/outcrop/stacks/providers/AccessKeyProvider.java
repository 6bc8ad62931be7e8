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
import java.util.Set;

/**
 * {@code AWS::IAM::AccessKey}: a long-term access key of an Outcrop user. {@code Ref} is the access key id;
 * {@code Fn::GetAtt SecretAccessKey} the secret, which the identity service keeps sealed: it is a secret
 * attribute, left out of the stack's stored state and read again when a later update refers to it. The user
 * and {@code Serial} replace the key (create-only in the schema, as CloudFormation rotates a key by bumping the
 * serial); {@code Status} changes in place.
 */
public final class AccessKeyProvider implements ResourceProvider {
    static final String SECRET = "SecretAccessKey";
    private final IdentityService identity;

    /** Creates the provider over the identity service. */
    public AccessKeyProvider(IdentityService identity) {
        this.identity = requireNonNull(identity, "identity");
    }

    @Override
    public String type() {
        return "AWS::IAM::AccessKey";
    }

    @Override
    public Set<String> properties() {
        return Set.of("UserName", "Status", "Serial");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of("UserName", "Serial");
    }

    @Override
    public Set<String> secretAttributes() {
        return Set.of(SECRET);
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        String userName = Properties.text(context, properties, "UserName", true);
        boolean active = active(context, properties);
        serial(context, properties);
        Principal user;
        try {
            user = identity.principal(userName);
        } catch (ResourceNotFoundException e) {
            throw Properties.invalid(context, "UserName", "names no user: '" + userName + "'");
        }
        if (user.kind() != Principal.Kind.USER) {
            throw Properties.invalid(context, "UserName", "names a role, '" + userName + "'; access keys belong to "
                    + "users (AWS::IAM::User)");
        }
        context.require("iam:CreateAccessKey", context.iamArn("user/" + userName));
        IdentityService.NewAccessKey key = identity.createAccessKey(userName);
        if (!active) {
            identity.setAccessKeyActive(key.accessKeyId(), false);
        }
        return new Provisioned(key.accessKeyId(), JsonNodeFactory.instance.objectNode()
                .put(SECRET, key.secretAccessKey()));
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        context.require("iam:UpdateAccessKey", userArn(context, properties));
        identity.setAccessKeyActive(current.physicalId(), active(context, properties));
        return current;
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        context.require("iam:DeleteAccessKey", userArn(context, properties));
        try {
            identity.deleteAccessKey(current.physicalId());
        } catch (ResourceNotFoundException gone) {
            // deleted already (with its user, say)
        }
    }

    @Override
    public ObjectNode secrets(ResourceContext context, Provisioned current) {
        return JsonNodeFactory.instance.objectNode().put(SECRET, identity.accessKeySecret(current.physicalId()));
    }

    private static String userArn(ResourceContext context, ObjectNode properties) {
        return context.iamArn("user/" + Properties.text(context, properties, "UserName", true));
    }

    private static boolean active(ResourceContext context, ObjectNode properties) {
        String status = Properties.text(context, properties, "Status", false);
        if (status == null || status.equals("Active")) {
            return true;
        }
        if (status.equals("Inactive")) {
            return false;
        }
        throw Properties.invalid(context, "Status", "must be Active or Inactive, not '" + status + "'");
    }

    private static void serial(ResourceContext context, ObjectNode properties) {
        JsonNode serial = properties.get("Serial");
        if (serial != null && !(serial.canConvertToInt() || serial.isTextual() && serial.asText().matches("-?\\d{1,9}"))) {
            throw Properties.invalid(context, "Serial", "must be an integer");
        }
    }
}
