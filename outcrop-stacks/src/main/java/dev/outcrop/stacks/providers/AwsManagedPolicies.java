package dev.outcrop.stacks.providers;

import dev.outcrop.stacks.ResourceContext;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies a role or user of a template may name in {@code ManagedPolicyArns}, as Outcrop
 * understands them: what they allow of Bedrock. A policy that allows nothing Outcrop serves (Lambda's logging)
 * is accepted and grants nothing; any other is refused by name.
 */
final class AwsManagedPolicies {
    private static final String ALLOW_NOTHING_HERE = "";
    private static final Map<String, String> POLICIES = Map.of(
            "service-role/AWSLambdaBasicExecutionRole", ALLOW_NOTHING_HERE,
            "AWSLambdaExecute", ALLOW_NOTHING_HERE,
            "AmazonBedrockFullAccess", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}""",
            "AmazonBedrockReadOnly", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                     "Action": ["bedrock:Get*", "bedrock:List*"], "Resource": "*"}]}""");

    private AwsManagedPolicies() {}

    /**
     * The document of an AWS managed policy's ARN: empty when it grants nothing Outcrop serves.
     *
     * @throws dev.outcrop.error.ValidationException for a policy Outcrop does not map
     */
    static Optional<String> document(ResourceContext context, String arn) {
        String prefix = "arn:" + context.scope().partition() + ":iam::aws:policy/";
        String name = arn.startsWith(prefix) ? arn.substring(prefix.length()) : null;
        String document = name == null ? null : POLICIES.get(name);
        if (document == null) {
            throw Properties.invalid(context, "ManagedPolicyArns", "names " + arn + ", which Outcrop does not map. "
                    + "Outcrop maps the AWS managed policies " + POLICIES.keySet().stream().sorted().toList()
                    + "; grant anything else with Policies, AWS::IAM::Policy or AWS::IAM::ManagedPolicy (Roles, Users)");
        }
        return document.isEmpty() ? Optional.empty() : Optional.of(document);
    }

    /** The name the policy is attached under. */
    static String attachedName(String arn) {
        return "aws-" + arn.substring(arn.lastIndexOf('/') + 1);
    }
}
