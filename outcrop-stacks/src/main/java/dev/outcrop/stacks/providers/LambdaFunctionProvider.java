package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.stacks.Provisioned;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.stacks.ResourceProvider;
import java.util.Set;

/**
 * {@code AWS::Lambda::Function} as a workload: nothing runs in Outcrop, but the function's role must be an
 * Outcrop role (its policies are what the function may do) and its environment variables must resolve to
 * text. The stack keeps the resolved properties, from which {@code stacks env} builds the environment a
 * process needs to act as the function.
 */
public final class LambdaFunctionProvider implements ResourceProvider {
    private final IdentityService identity;

    /** Creates the provider over the identity service, where the function's role must exist. */
    public LambdaFunctionProvider(IdentityService identity) {
        this.identity = requireNonNull(identity, "identity");
    }

    @Override
    public String type() {
        return "AWS::Lambda::Function";
    }

    @Override
    public Set<String> properties() {
        return Set.of("Code", "Handler", "Runtime", "Role", "Environment", "FunctionName", "Description", "MemorySize",
                "Timeout", "Architectures", "Tags", "LoggingConfig", "PackageType", "TracingConfig");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of("FunctionName", "PackageType");
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        check(context, properties);
        String name = Properties.text(context, properties, "FunctionName", false);
        String functionName = name != null ? name : context.generatedName(64);
        String arn = context.regionalArn("lambda", "function:" + functionName);
        context.require("lambda:CreateFunction", arn);
        // Whoever gives a function a role lends it the role's permissions: IAM asks for PassRole on the role.
        context.require("iam:PassRole", Properties.text(context, properties, "Role", true));
        return new Provisioned(functionName, JsonNodeFactory.instance.objectNode().put("Arn", arn));
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        check(context, properties);
        String arn = current.attributes().path("Arn").asText();
        if (!java.util.Objects.equals(previous.get("Code"), properties.get("Code"))) {
            context.require("lambda:UpdateFunctionCode", arn);
        }
        context.require("lambda:UpdateFunctionConfiguration", arn);
        if (!java.util.Objects.equals(previous.get("Role"), properties.get("Role"))) {
            context.require("iam:PassRole", Properties.text(context, properties, "Role", true));
        }
        return current;
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        // nothing runs in Outcrop (the role is a resource of its own), but the function is gone for whoever may say so
        context.require("lambda:DeleteFunction", current.attributes().path("Arn").asText());
    }

    /** The role a function's {@code Role} ARN names. */
    public static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    private void check(ResourceContext context, ObjectNode properties) {
        String role = Properties.text(context, properties, "Role", true);
        if (!role.startsWith("arn:") || !role.contains(":role/")) {
            throw Properties.invalid(context, "Role", "must be the ARN of a role (arn:aws:iam::ACCOUNT:role/NAME)");
        }
        Principal principal = identity.principal(roleName(role));
        if (principal.kind() != Principal.Kind.ROLE) {
            throw Properties.invalid(context, "Role", "names " + principal.name() + ", which is a user, not a role");
        }
        if (!properties.path("Code").isObject()) {
            throw Properties.invalid(context, "Code", "is required (ZipFile, or the asset the CDK wrote)");
        }
        // The CDK's LambdaToBedrockInferenceProfile turns X-Ray tracing on; nothing traces here, but the mode is checked.
        JsonNode tracing = properties.path("TracingConfig");
        if (!tracing.isMissingNode() && !Set.of("Active", "PassThrough").contains(tracing.path("Mode").asText(""))) {
            throw Properties.invalid(context, "TracingConfig.Mode", "must be Active or PassThrough");
        }
        JsonNode variables = properties.path("Environment").path("Variables");
        if (!variables.isMissingNode() && !variables.isObject()) {
            throw Properties.invalid(context, "Environment.Variables", "must be a map of names to strings");
        }
        variables.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw Properties.invalid(context, "Environment.Variables." + e.getKey(), "must be a string");
            }
        });
    }
}
