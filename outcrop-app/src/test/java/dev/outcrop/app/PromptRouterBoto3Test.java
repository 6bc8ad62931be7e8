package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt routers through boto3 ({@code src/test/python/prompt_routers.py}): the control plane and its errors,
 * Converse and ConverseStream through a default and a custom router (the easy and the hard requests counted at
 * the fake backends of the two models), the decision header, and IAM on the router and on the invoked model.
 * Skipped where python3 with boto3 is absent.
 */
class PromptRouterBoto3Test {
    private static final Path SCRIPT = Path.of("src", "test", "python", "prompt_routers.py").toAbsolutePath();
    private static final String HAIKU = PromptRouterControlPlaneTest.HAIKU;
    private static final String SONNET = PromptRouterControlPlaneTest.SONNET;

    @TempDir
    Path dataDir;

    @Test
    void boto3ManagesRoutersAndLearnsWhichModelServed() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: routers through boto3 not tested");
        try (RouterBackends backends = RouterBackends.start(dataDir)) {
            FakeOpenAiServer haiku = backends.haiku;
            FakeOpenAiServer sonnet = backends.sonnet;
            TestOutcrop outcrop = backends.outcrop;
            IdentityService.NewAccessKey deniedHaiku = user(outcrop, "py-denied-haiku", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"},
                      {"Effect": "Deny", "Action": "bedrock:InvokeModel",
                       "Resource": "arn:aws:bedrock:*::foundation-model/%s"}]}
                    """.formatted(PromptRouterRuntimeTest.HAIKU_MODEL));
            IdentityService.NewAccessKey deniedRouters = user(outcrop, "py-denied-routers", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"},
                      {"Effect": "Deny", "Action": "bedrock:InvokeModel",
                       "Resource": "arn:aws:bedrock:*:*:*prompt-router/*"}]}
                    """);

            String output = Boto3Scripts.run(SCRIPT, outcrop, deniedHaiku.accessKeyId(),
                    deniedHaiku.secretAccessKey(), deniedRouters.accessKeyId(), deniedRouters.secretAccessKey());

            assertThat(output).contains(
                    "default routers: anthropic.claude:1,meta.llama:1,amazon.nova:1",
                    "default type: default",
                    "custom listed: True",
                    "custom tags: [{'key': 'team', 'value': 'py'}]",
                    "retagged: [{'key': 'cost-center', 'value': '7'}]",
                    "tag default: ValidationException",
                    "token replay: True",
                    "token reused: ConflictException",
                    "bad next token: ValidationException",
                    "delete unknown: ResourceNotFoundException",
                    "name conflict: ConflictException",
                    "two providers: ValidationException",
                    "bad fallback: ValidationException",
                    "bad step: ValidationException",
                    "delete default: ValidationException",
                    "get unknown: ResourceNotFoundException",
                    "default easy: " + HAIKU,
                    "default hard: " + SONNET,
                    "custom stream easy: " + HAIKU,
                    "custom stream hard: " + SONNET,
                    "custom easy: " + HAIKU,
                    "custom hard: " + SONNET,
                    "decision: STRONGER_NEEDED " + PromptRouterRuntimeTest.SONNET_MODEL + " ['"
                            + PromptRouterRuntimeTest.SONNET_MODEL + "', '" + PromptRouterRuntimeTest.HAIKU_MODEL + "']",
                    "denied haiku, easy: AccessDeniedException",
                    "denied haiku, hard: " + SONNET,
                    "denied routers: AccessDeniedException",
                    "denied routers, haiku itself: end_turn",
                    "deleted: ResourceNotFoundException");
            // The easy requests (default, custom stream, custom, haiku called directly) at Haiku's backend, the
            // hard ones (default, custom stream, custom, the decision, the caller denied Haiku) at Sonnet's.
            assertThat(haiku.requests()).hasSize(4);
            assertThat(sonnet.requests()).hasSize(5);
        }
    }

    private static IdentityService.NewAccessKey user(TestOutcrop outcrop, String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, Principal.Kind.USER);
        identity.putPolicy(name, "p", policy);
        return identity.createAccessKey(name);
    }
}
