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
 * {@code RoleARN} on CreateStack and CreateChangeSet: the stack acts with the service role's policies, which only
 * a caller allowed {@code iam:PassRole} on the role may hand it.
 */
class StackServiceRoleTest {
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/cfn-service";
    private static final String TEMPLATE = URLEncoder.encode("""
            Resources:
              Made:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: made-by-the-role
                  AssumeRolePolicyDocument:
                    Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
            """, StandardCharsets.UTF_8);
    @TempDir
    Path dataDir;

    /** The service role may create roles; the deployer may pass it and use CloudFormation, nothing else. */
    private static AwsCredentials setUp(IdentityService identity, String deployer, boolean mayPass) {
        return setUp(identity, deployer, mayPass, "cloudformation.amazonaws.com");
    }

    /** As above, the service role trusting the AWS service {@code trusted} to assume it. */
    private static AwsCredentials setUp(IdentityService identity, String deployer, boolean mayPass, String trusted) {
        identity.createPrincipal("cfn-service", Principal.Kind.ROLE, "{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + trusted + "\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}");
        identity.putPolicy("cfn-service", "iam", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":[\"iam:CreateRole\",\"iam:DeleteRole\"],\"Resource\":\"*\"}}");
        identity.createPrincipal(deployer, Principal.Kind.USER);
        identity.putPolicy(deployer, "deploy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"cloudformation:*\",\"Resource\":\"*\"}" + (mayPass ? ",{\"Effect\":\"Allow\","
                + "\"Action\":\"iam:PassRole\",\"Resource\":\"" + ROLE_ARN + "\"}" : "") + "]}");
        IdentityService.NewAccessKey key = identity.createAccessKey(deployer);
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    private static HttpResponse<String> call(TestOutcrop outcrop, AwsCredentials credentials, String form)
            throws Exception {
        return SignedHttp.sendForm(credentials, "cloudformation", outcrop.endpoint(), form + "&Version=2010-05-15");
    }

    @Test
    void aStackGivenARoleItsCallerMayPassActsWithTheRolesPermissions() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            IdentityService identity = outcrop.outcrop().identity();
            AwsCredentials deployer = setUp(identity, "deployer", true);

            HttpResponse<String> withoutRole = call(outcrop, deployer, "Action=CreateStack&StackName=plain"
                    + "&TemplateBody=" + TEMPLATE);
            assertThat(withoutRole.statusCode()).isEqualTo(200);
            assertThat(call(outcrop, deployer, "Action=DescribeStacks&StackName=plain").body())
                    .contains("<StackStatus>ROLLBACK_COMPLETE</StackStatus>")
                    .contains("user/deployer is not authorized to perform: iam:CreateRole");

            assertThat(call(outcrop, deployer, "Action=CreateStack&StackName=roled&RoleARN=" + ROLE_ARN
                    + "&TemplateBody=" + TEMPLATE).statusCode()).isEqualTo(200);
            assertThat(call(outcrop, deployer, "Action=DescribeStacks&StackName=roled").body())
                    .contains("<StackStatus>CREATE_COMPLETE</StackStatus>")
                    .contains("<RoleARN>" + ROLE_ARN + "</RoleARN>");
            assertThat(call(outcrop, deployer, "Action=DescribeStacks&StackName=plain").body())
                    .doesNotContain("<RoleARN>");
            assertThat(identity.principals()).extracting(Principal::name).contains("made-by-the-role");
        }
    }

    @Test
    void aChangeSetKeepsItsRoleForItsExecution() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            IdentityService identity = outcrop.outcrop().identity();
            AwsCredentials deployer = setUp(identity, "deployer", true);

            HttpResponse<String> created = call(outcrop, deployer, "Action=CreateChangeSet&StackName=cs"
                    + "&ChangeSetName=first&ChangeSetType=CREATE&RoleARN=" + ROLE_ARN + "&TemplateBody=" + TEMPLATE);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            HttpResponse<String> executed = call(outcrop, deployer,
                    "Action=ExecuteChangeSet&StackName=cs&ChangeSetName=first");
            assertThat(executed.statusCode()).as(executed.body()).isEqualTo(200);

            assertThat(call(outcrop, deployer, "Action=DescribeStacks&StackName=cs").body())
                    .contains("<StackStatus>CREATE_COMPLETE</StackStatus>");
            assertThat(identity.principals()).extracting(Principal::name).contains("made-by-the-role");
        }
    }

    @Test
    void aCallerThatMayNotPassTheRoleIsRefusedAndNoStackIsMade() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            IdentityService identity = outcrop.outcrop().identity();
            AwsCredentials deployer = setUp(identity, "no-pass", false);

            HttpResponse<String> refused = call(outcrop, deployer, "Action=CreateStack&StackName=roled&RoleARN="
                    + ROLE_ARN + "&TemplateBody=" + TEMPLATE);

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("User: arn:aws:iam::123456789012:user/no-pass is not authorized to "
                    + "perform: iam:PassRole on resource: " + ROLE_ARN);
            assertThat(call(outcrop, deployer, "Action=DescribeStacks&StackName=roled").body())
                    .contains("Stack with id roled does not exist");
            assertThat(identity.principals()).extracting(Principal::name).doesNotContain("made-by-the-role");
        }
    }

    @Test
    void aRoleWhoseTrustPolicyDoesNotAdmitCloudFormationIsRefused() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            IdentityService identity = outcrop.outcrop().identity();
            AwsCredentials deployer = setUp(identity, "deployer", true, "lambda.amazonaws.com");

            HttpResponse<String> refused = call(outcrop, deployer, "Action=CreateStack&StackName=roled&RoleARN="
                    + ROLE_ARN + "&TemplateBody=" + TEMPLATE);

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("Role " + ROLE_ARN + " is invalid or cannot be assumed");
            assertThat(identity.principals()).extracting(Principal::name).doesNotContain("made-by-the-role");
        }
    }

    @Test
    void aRoleArnThatNamesNoRoleIsAValidationError() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            AwsCredentials deployer = setUp(outcrop.outcrop().identity(), "deployer", true);

            HttpResponse<String> refused = call(outcrop, deployer, "Action=CreateStack&StackName=roled"
                    + "&RoleARN=arn:aws:iam::123456789012:role/nobody&TemplateBody=" + TEMPLATE);

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("<Code>ValidationError</Code>")
                    .contains("Role arn:aws:iam::123456789012:role/nobody is invalid or cannot be assumed");
        }
    }
}
