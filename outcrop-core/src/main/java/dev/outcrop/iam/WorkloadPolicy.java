package dev.outcrop.iam;

import java.util.List;

/**
 * The policy of a workload that may use exactly one inference profile, the equivalent of the CDK's
 * {@code grantProfileUsage} and of the Lambda-to-inference-profile construct: invoke (and stream, count
 * tokens) through the profile; its foundation models in every destination region, but only through that
 * profile ({@code bedrock:InferenceProfileArn}); read the profile; list profiles. Nothing else.
 */
public final class WorkloadPolicy {
    private WorkloadPolicy() {}

    /** The policy document for {@code profileArn}, whose destinations run {@code modelArns}. */
    public static String forProfile(String profileArn, List<String> modelArns) {
        String models = String.join("\", \"", modelArns);
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Sid": "InvokeThroughTheProfile", "Effect": "Allow",
                     "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens"],
                     "Resource": "%1$s"},
                    {"Sid": "ItsModelsOnlyThroughTheProfile", "Effect": "Allow",
                     "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens"],
                     "Resource": ["%2$s"],
                     "Condition": {"StringEquals": {"bedrock:InferenceProfileArn": "%1$s"}}},
                    {"Sid": "ReadTheProfile", "Effect": "Allow", "Action": "bedrock:GetInferenceProfile", "Resource": "%1$s"},
                    {"Sid": "ListProfiles", "Effect": "Allow", "Action": "bedrock:ListInferenceProfiles", "Resource": "*"}
                  ]
                }
                """.formatted(profileArn, models);
    }
}
