package dev.outcrop.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.iam.Policy;
import dev.outcrop.identity.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Authorization: the caller's policies decide, on a context carrying IAM's global keys. */
class AccessControlTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final Caller ALICE = new Caller(new Principal("AIDAALICE", "123456789012", "alice", Principal.Kind.USER),
            "us-east-1", Caller.Method.SIGV4, "192.0.2.1");
    private static final String MODEL = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0";

    @Test
    void aCallerWithoutAnAllowingPolicyIsDeniedInIamsWords() {
        AccessControl access = AccessControl.byPolicies(principal -> List.of(), "aws", CLOCK);

        assertThatThrownBy(() -> access.require(ALICE, "us-east-1", "bedrock:InvokeModel", MODEL, k -> { }))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: bedrock:InvokeModel"
                        + " on resource: " + MODEL + " because no identity-based policy allows the bedrock:InvokeModel action");
    }

    @Test
    void aPolicyConditionOnAGlobalKeyIsEvaluatedAgainstTheCaller() {
        Policy onlyFromHere = Policy.parse("p", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:username": "alice", "aws:RequestedRegion": "us-east-1"}}}]}""");
        AccessControl access = AccessControl.byPolicies(principal -> List.of(onlyFromHere), "aws", CLOCK);

        assertThat(access.allows(ALICE, "us-east-1", "bedrock:InvokeModel", MODEL, k -> { })).isTrue();
        assertThat(access.allows(ALICE, "eu-west-1", "bedrock:InvokeModel", MODEL, k -> { })).isFalse();
    }

    @Test
    void anonymousAccessAllowsEverything() {
        AccessControl access = AccessControl.allowingAll("aws", CLOCK);

        assertThat(access.allows(ALICE, "us-east-1", "bedrock:DeleteInferenceProfile", "*", k -> { })).isTrue();
    }
}
