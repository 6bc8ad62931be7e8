package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A stack acts with its caller's own permissions: a SigV4 principal allowed {@code cloudformation:CreateStack}
 * gets through a template only what it could create by calling IAM itself.
 */
class StackAuthorityTest {
    private static final String ADMIN_ROLE = """
            Resources:
              Admin:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: escalated
                  AssumeRolePolicyDocument:
                    Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
                  Policies:
                    - PolicyName: everything
                      PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
            """;
    @TempDir
    Path dataDir;

    private static AwsCredentials deployer(IdentityService identity, String actions) {
        identity.createPrincipal("deployer", Principal.Kind.USER);
        identity.putPolicy("deployer", "deploy", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":[" + actions + "],\"Resource\":\"*\"}}");
        IdentityService.NewAccessKey key = identity.createAccessKey("deployer");
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    private static String call(TestOutcrop outcrop, AwsCredentials credentials, String form) throws Exception {
        HttpResponse<String> response = SignedHttp.sendForm(credentials, "cloudformation", outcrop.endpoint(),
                form + "&Version=2010-05-15");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String createStack(TestOutcrop outcrop, AwsCredentials credentials) throws Exception {
        call(outcrop, credentials, "Action=CreateStack&StackName=escalate&Capabilities.member.1=CAPABILITY_NAMED_IAM"
                + "&TemplateBody=" + URLEncoder.encode(ADMIN_ROLE, StandardCharsets.UTF_8));
        return call(outcrop, credentials, "Action=DescribeStacks&StackName=escalate");
    }

    @Test
    void aCallerWithoutIamCreateRoleCannotCreateARoleThroughAStack() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            IdentityService identity = outcrop.outcrop().identity();
            AwsCredentials credentials = deployer(identity, "\"cloudformation:*\",\"iam:DeleteRole\"");

            String stack = createStack(outcrop, credentials);

            assertThat(stack).contains("<StackStatus>ROLLBACK_COMPLETE</StackStatus>")
                    .contains("User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: "
                            + "iam:CreateRole on resource: arn:aws:iam::123456789012:role/escalated");
            assertThat(identity.principals()).extracting(Principal::name).doesNotContain("escalated");
        }
    }

    @Test
    void aCallerAllowedEachIamActionCreatesTheRole() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            IdentityService identity = outcrop.outcrop().identity();
            AwsCredentials credentials = deployer(identity,
                    "\"cloudformation:*\",\"iam:CreateRole\",\"iam:PutRolePolicy\"");

            String stack = createStack(outcrop, credentials);

            assertThat(stack).contains("<StackStatus>CREATE_COMPLETE</StackStatus>");
            assertThat(identity.principals()).extracting(Principal::name).contains("escalated");
        }
    }
}
