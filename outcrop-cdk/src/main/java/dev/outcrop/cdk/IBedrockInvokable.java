package dev.outcrop.cdk;

import software.amazon.awscdk.services.iam.IGrantable;

/** Something a Bedrock runtime call (Converse, InvokeModel and their streaming forms) can name as its model. */
public interface IBedrockInvokable {
    /** The ARN the call names as its modelId. */
    String getInvokableArn();

    /** Allows the grantee to call it, streaming included, with everything behind it the call reaches. */
    void grantInvoke(IGrantable grantee);
}
