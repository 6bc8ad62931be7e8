package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** A {@code NoEcho} parameter's value is shown as {@code ****} wherever a stack is described, as CloudFormation does. */
class StackNoEchoTest {
    private static final AwsCredentials ROOT = AwsBasicCredentials.create(TestOutcrop.ROOT_KEY, TestOutcrop.ROOT_SECRET);
    private static final String TEMPLATE = """
            Parameters:
              Password: {Type: String, NoEcho: true}
              Team: {Type: String}
            Resources:
              Meta: {Type: AWS::CDK::Metadata}
            Outputs:
              Shown: {Value: !Sub "team ${Team}"}
            """;

    @TempDir
    Path dataDir;

    @Test
    void describeStacksTheAdminApiAndAnUpdateKeepingThePreviousValueNeverShowIt() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String body = "&Version=2010-05-15&StackName=secret&TemplateBody="
                    + URLEncoder.encode(TEMPLATE, StandardCharsets.UTF_8);
            HttpResponse<String> created = SignedHttp.query(ROOT, "cloudformation", outcrop.endpoint(),
                    "Action=CreateStack" + body + "&Parameters.member.1.ParameterKey=Password"
                            + "&Parameters.member.1.ParameterValue=hunter22&Parameters.member.2.ParameterKey=Team"
                            + "&Parameters.member.2.ParameterValue=search");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            String described = SignedHttp.query(ROOT, "cloudformation", outcrop.endpoint(),
                    "Action=DescribeStacks&Version=2010-05-15&StackName=secret").body();
            assertThat(described).doesNotContain("hunter22")
                    .contains("<ParameterKey>Password</ParameterKey><ParameterValue>****</ParameterValue>")
                    .contains("<ParameterKey>Team</ParameterKey><ParameterValue>search</ParameterValue>");
            String admin = SignedHttp.send(ROOT, "GET", outcrop.endpoint().resolve("/_outcrop/stacks/secret"), "")
                    .body();
            assertThat(admin).doesNotContain("hunter22").contains("\"Password\":\"****\"");

            HttpResponse<String> updated = SignedHttp.query(ROOT, "cloudformation", outcrop.endpoint(),
                    "Action=UpdateStack" + body.replace("team ${Team}", "team ${Team}!")
                            .replace(URLEncoder.encode("team ${Team}", StandardCharsets.UTF_8),
                                    URLEncoder.encode("team ${Team}!", StandardCharsets.UTF_8))
                            + "&Parameters.member.1.ParameterKey=Password&Parameters.member.1.UsePreviousValue=true"
                            + "&Parameters.member.2.ParameterKey=Team&Parameters.member.2.UsePreviousValue=true");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            String after = SignedHttp.query(ROOT, "cloudformation", outcrop.endpoint(),
                    "Action=DescribeStacks&Version=2010-05-15&StackName=secret").body();
            assertThat(after).contains("<StackStatus>UPDATE_COMPLETE</StackStatus>").doesNotContain("hunter22")
                    .contains("<OutputValue>team search!</OutputValue>");
        }
    }
}
