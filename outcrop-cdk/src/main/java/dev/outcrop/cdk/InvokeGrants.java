package dev.outcrop.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Turns a {@link ModelRoute} into the statements AWS evaluates for a profile call. Bedrock authorizes the profile and
 * then the foundation model in the Region the call lands in; granting the profile alone is denied at the model. The
 * model statement is conditioned on bedrock:InferenceProfileArn so the grantee cannot call the models directly.
 * Converse maps to bedrock:InvokeModel and ConverseStream to bedrock:InvokeModelWithResponseStream.
 */
final class InvokeGrants {
    static final List<String> INVOKE_ACTIONS = List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
    static final String PROFILE_CONDITION_KEY = "bedrock:InferenceProfileArn";

    private InvokeGrants() {
    }

    static void grant(IGrantable grantee, ModelRoute route) {
        var principal = grantee.getGrantPrincipal();
        if (route.profileArns().isEmpty()) {
            principal.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(INVOKE_ACTIONS).resources(route.modelArns()).build());
            return;
        }
        principal.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(INVOKE_ACTIONS).resources(route.profileArns()).build());
        principal.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(INVOKE_ACTIONS).resources(route.modelArns())
                .conditions(Map.of("StringEquals", Map.of(PROFILE_CONDITION_KEY, route.profileArns())))
                .build());
    }

    static void grantProfileReads(IGrantable grantee, String profileArn) {
        var principal = grantee.getGrantPrincipal();
        principal.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("bedrock:GetInferenceProfile")).resources(List.of(profileArn)).build());
        // ListInferenceProfiles is not resource-scoped in IAM: only "*" matches it.
        principal.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("bedrock:ListInferenceProfiles")).resources(List.of("*")).build());
    }
}
