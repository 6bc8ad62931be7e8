package dev.outcrop.cdk;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.IConstruct;

/** The Region a grantee's stack is deployed to, when the app states it (null for an environment-agnostic stack). */
final class StackRegion {
    private StackRegion() {
    }

    static String of(IGrantable grantee) {
        return grantee instanceof IConstruct construct ? of(construct) : null;
    }

    static String of(IConstruct construct) {
        String region = Stack.of(construct).getRegion();
        return Token.isUnresolved(region) ? null : region;
    }
}
