package dev.outcrop.cdk;

import software.amazon.awscdk.services.iam.IGrantable;

/** A model or profile an application inference profile can copy its models from. */
public interface IModelSource extends IBedrockInvokable {
    /** The profiles and models a call through this source reaches, seen from the grantee's stack. */
    ModelRoute modelRoute(IGrantable grantee);
}
