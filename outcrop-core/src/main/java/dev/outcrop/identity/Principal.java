package dev.outcrop.identity;

import static java.util.Objects.requireNonNull;

/**
 * Who a request acts as: a user or a role of the account.
 *
 * @param id a stable id ({@code AIDA...} for users, {@code AROA...} for roles, as on AWS)
 * @param accountId the account
 * @param name unique in the account; {@code aws:username} in policies
 * @param kind user or role
 */
public record Principal(String id, String accountId, String name, Kind kind) {
    /** Checks the members. */
    public Principal {
        requireNonNull(id, "id");
        requireNonNull(accountId, "accountId");
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
    }

    /** The kinds of principal. */
    public enum Kind {
        /** A person or a service account. */
        USER,
        /** A workload's role. */
        ROLE
    }

    /** The principal's ARN: {@code arn:aws:iam::ACCOUNT:user/NAME} or {@code :role/NAME}. */
    public String arn(String partition) {
        return "arn:" + partition + ":iam::" + accountId + ":" + (kind == Kind.USER ? "user/" : "role/") + name;
    }
}
