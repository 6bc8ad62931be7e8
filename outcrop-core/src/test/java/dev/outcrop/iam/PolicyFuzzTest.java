package dev.outcrop.iam;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target of the IAM policy document parser and the condition evaluator (Jazzer; docs/security.md). A
 * document an administrator puts is either a policy or a {@link MalformedPolicyException}; a policy that was
 * accepted evaluates every request to a decision, never to an exception (an accepted policy that throws at
 * evaluation locks its principal out with 500s). Seeds: {@code PolicyFuzzTestInputs/} in test resources.
 */
class PolicyFuzzTest {
    private static final String PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    private static final List<RequestContext> REQUESTS = List.of(
            RequestContext.of("bedrock:InvokeModel", PROFILE)
                    .key("aws:CurrentTime", "2026-12-04T12:00:00Z").key("aws:EpochTime", "1796385600")
                    .key("aws:SourceIp", "192.0.2.10").key("aws:PrincipalTag/team", "search")
                    .key("aws:RequestTag/cost-center", "not-a-date").key("aws:SecureTransport", "false")
                    .key("bedrock:InferenceProfileArn", PROFILE).key("aws:username", "alice").build(),
            RequestContext.of("bedrock:GetInferenceProfile",
                    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")
                    .key("aws:CurrentTime", "2026-12-04T12:00:00Z").key("aws:SourceIp", "2001:db8::1")
                    .key("aws:MultiFactorAuthAge", "not-a-number").build(),
            RequestContext.of("outcrop:PutPolicy", "*").build());

    @FuzzTest(maxDuration = "2s")
    void anAcceptedPolicyDecidesEveryRequestWithoutAnException(byte[] input) {
        Policy policy;
        try {
            policy = Policy.parse("fuzzed", new String(input, StandardCharsets.UTF_8));
        } catch (MalformedPolicyException refused) {
            return; // a 400 MalformedPolicyDocument
        }
        for (RequestContext request : REQUESTS) {
            PolicyEvaluator.evaluate(List.of(policy), request);
        }
    }
}
