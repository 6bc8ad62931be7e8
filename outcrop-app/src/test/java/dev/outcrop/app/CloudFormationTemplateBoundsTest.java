package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Hostile templates sent to CloudFormation's query API ({@code CreateStack}, SigV4-signed as the AWS SDKs sign it;
 * the SDK for Java's CloudFormation module is not served by the build's mirror): each is refused promptly as a
 * {@code ValidationError}, and the server goes on answering.
 */
class CloudFormationTemplateBoundsTest {
    @TempDir
    Path dataDir;

    private static HttpResponse<String> createStack(TestOutcrop outcrop, String name, String template,
                                                    String parameters) throws Exception {
        String form = "Action=CreateStack&Version=2010-05-15&StackName=" + name + "&TemplateBody="
                + URLEncoder.encode(template, StandardCharsets.UTF_8) + parameters;
        return SignedHttp.sendForm(AwsBasicCredentials.create(TestOutcrop.ROOT_KEY, TestOutcrop.ROOT_SECRET),
                "cloudformation", outcrop.endpoint().resolve("/"), form);
    }

    private static void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>ValidationError</Code>")
                .contains("<Message>" + message.replace("'", "&apos;"));
    }

    @Test
    void hostileTemplatesAreValidationErrorsAnsweredPromptly() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                // (a+)+b backtracks exponentially in a backtracking matcher on a run of a's
                assertRefused(createStack(outcrop, "redos", """
                        Parameters: {S: {Type: String, AllowedPattern: "(a+)+b"}}
                        Resources: {U: {Type: AWS::IAM::User}}
                        """, "&Parameters.member.1.ParameterKey=S&Parameters.member.1.ParameterValue="
                        + "a".repeat(4_000)), "Parameter 'S' must match pattern (a+)+b</Message>");
                assertRefused(createStack(outcrop, "huge", """
                        Parameters: {N: {Type: Number, MaxValue: 10}}
                        Resources: {U: {Type: AWS::IAM::User}}
                        """, "&Parameters.member.1.ParameterKey=N&Parameters.member.1.ParameterValue=1e999999999"),
                        "Parameter 'N' must be a number.</Message>");
                assertRefused(createStack(outcrop, "laughs", """
                        A: &a [x, x, x, x, x, x, x, x, x, x]
                        B: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                        Resources: {U: {Type: AWS::IAM::User, Properties: {Tags: *b}}}
                        """, ""), "Template format error: YAML anchors and aliases");
                assertRefused(createStack(outcrop, "twice", """
                        Resources:
                          U: {Type: AWS::IAM::User}
                          U: {Type: AWS::IAM::Role}
                        """, ""), "Template format error: the key 'U' appears twice in one map (line 3)");
                assertRefused(createStack(outcrop, "backref", """
                        Parameters: {S: {Type: String, AllowedPattern: "(a)\\\\1"}}
                        Resources: {U: {Type: AWS::IAM::User}}
                        """, ""), "Template format error: Parameters.S.AllowedPattern is not a regular expression "
                        + "RE2 accepts");
            });
        }
    }
}
