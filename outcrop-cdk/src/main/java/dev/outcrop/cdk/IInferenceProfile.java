package dev.outcrop.cdk;

import software.amazon.awscdk.services.iam.IGrantable;

/** An inference profile: application-defined or system-defined (cross-Region). */
public interface IInferenceProfile extends IBedrockInvokable {
    String getInferenceProfileArn();

    String getInferenceProfileId();

    /** Invocation (see {@link #grantInvoke}) plus bedrock:GetInferenceProfile and bedrock:ListInferenceProfiles. */
    void grantProfileUsage(IGrantable grantee);
}
