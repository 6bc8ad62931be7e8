package dev.outcrop.stacks;

import dev.outcrop.error.AccessDeniedException;

/**
 * The principal a stack acts as while it creates, changes and deletes resources. As on CloudFormation, a stack has
 * no authority of its own: without a service role every resource operation is made with the permissions of whoever
 * asked for the stack operation, and with one ({@code RoleARN}) with the role's. A {@link ResourceProvider} asks
 * through {@link ResourceContext#require} before each operation, naming the IAM action and resource the same
 * operation made through the API would be authorized on.
 */
public interface StackAuthority {
    /**
     * Refuses unless the principal may perform {@code action} on {@code resource}.
     *
     * @throws AccessDeniedException in IAM's words ({@code User: arn:... is not authorized to perform: ...})
     */
    void require(String action, String resource);

    /** The service role the stack acts with ({@code RoleARN}), or null when it acts as its caller. */
    default String roleArn() {
        return null;
    }

    /**
     * The local operator ({@code outcrop stacks} on the machine that holds the database): whoever can run the CLI
     * there can change the database directly, so the stack is given full authority, and says so by this name.
     */
    static StackAuthority operator() {
        return Operator.INSTANCE;
    }

    /** Full authority: the local operator's. */
    enum Operator implements StackAuthority {
        /** The one operator. */
        INSTANCE;

        @Override
        public void require(String action, String resource) {
            // the operator may do everything
        }
    }
}
