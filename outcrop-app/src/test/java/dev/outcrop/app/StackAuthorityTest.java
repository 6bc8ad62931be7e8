package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A stack acts with its caller's own permissions, as CloudFormation acts without a service role: a caller allowed
 * {@code cloudformation:*} gets through a template only what it could do by calling each service itself. The calls
 * are CloudFormation query-protocol requests signed with SigV4 by the AWS SDK's signer.
 */
class StackAuthorityTest {
    private static final String CLOUDFORMATION_ONLY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudformation:*","Resource":"*"}]}""";
    private static final String ADMIN_ROLE = """
            Resources:
              Escalated:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: escalated
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "sts:AssumeRole"}]
                  Policies:
                    - PolicyName: everything
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
            """;
    private static final String PROFILE = """
            Resources:
              Profile:
                Type: AWS::Bedrock::ApplicationInferenceProfile
                Properties:
                  InferenceProfileName: team
                  ModelSource:
                    CopyFrom: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0
            """;

    @TempDir
    Path dataDir;
    private TestOutcrop outcrop;
    private IdentityService identity;
    private String account;
    private AwsCredentials deployer;

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
        identity = outcrop.outcrop().identity();
        account = outcrop.outcrop().config().account().id();
        identity.createPrincipal("deployer", Principal.Kind.USER);
        identity.putPolicy("deployer", "stacks", CLOUDFORMATION_ONLY);
        IdentityService.NewAccessKey key = identity.createAccessKey("deployer");
        deployer = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    @AfterEach
    void stop() {
        outcrop.close();
    }

    private HttpResponse<String> cloudFormation(String form) throws Exception {
        return SignedHttp.query(deployer, "cloudformation", outcrop.endpoint(), form + "&Version=2010-05-15");
    }

    private HttpResponse<String> createStack(String name, String template) throws Exception {
        return cloudFormation("Action=CreateStack&StackName=" + name + "&TemplateBody="
                + URLEncoder.encode(template, StandardCharsets.UTF_8));
    }

    private String describe(String name) throws Exception {
        HttpResponse<String> described = cloudFormation("Action=DescribeStacks&StackName=" + name);
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        return described.body();
    }

    private boolean roleExists(String name) {
        return identity.principals().stream().anyMatch(p -> p.kind() == Principal.Kind.ROLE && p.name().equals(name));
    }

    @Test
    void aCallerAllowedOnlyCloudFormationCannotCreateARoleThroughATemplate() throws Exception {
        assertThat(createStack("escalate", ADMIN_ROLE).statusCode()).isEqualTo(200);

        String stack = describe("escalate");
        assertThat(stack).contains("<StackStatus>ROLLBACK_COMPLETE</StackStatus>");
        assertThat(stack).contains("User: arn:aws:iam::" + account + ":user/deployer is not authorized to perform: "
                + "iam:CreateRole on resource: arn:aws:iam::" + account + ":role/escalated");
        assertThat(roleExists("escalated")).isFalse();
    }

    @Test
    void theSameCallerGrantedTheIamActionsCreatesTheRole() throws Exception {
        identity.putPolicy("deployer", "roles", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["iam:CreateRole","iam:PutRolePolicy","iam:DeleteRole","iam:DeleteRolePolicy"],
                 "Resource":"arn:aws:iam::%s:role/*"}]}""".formatted(account));

        assertThat(createStack("allowed", ADMIN_ROLE).statusCode()).isEqualTo(200);

        assertThat(describe("allowed")).contains("<StackStatus>CREATE_COMPLETE</StackStatus>");
        assertThat(roleExists("escalated")).isTrue();
        assertThat(cloudFormation("Action=DeleteStack&StackName=allowed").statusCode()).isEqualTo(200);
        assertThat(roleExists("escalated")).isFalse();
    }

    @Test
    void aCallerWithoutBedrocksCreateInferenceProfileGetsNoProfileThroughAStack() throws Exception {
        assertThat(createStack("profile", PROFILE).statusCode()).isEqualTo(200);

        String stack = describe("profile");
        assertThat(stack).contains("<StackStatus>ROLLBACK_COMPLETE</StackStatus>")
                .contains("is not authorized to perform: bedrock:CreateInferenceProfile");
        assertThat(outcrop.outcrop().config().account().id()).isEqualTo(account);
    }

    @Test
    void aDeniedDeleteLeavesTheStackAndItsResources() throws Exception {
        identity.putPolicy("deployer", "roles", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateRole","iam:PutRolePolicy"],
                 "Resource":"*"}]}""");
        assertThat(createStack("kept", ADMIN_ROLE).statusCode()).isEqualTo(200);

        assertThat(cloudFormation("Action=DeleteStack&StackName=kept").statusCode()).isEqualTo(200);

        assertThat(describe("kept")).contains("<StackStatus>DELETE_FAILED</StackStatus>");
        HttpResponse<String> events = cloudFormation("Action=DescribeStackEvents&StackName=kept");
        assertThat(events.body()).contains("is not authorized to perform: iam:DeleteRole on resource: arn:aws:iam::"
                + account + ":role/escalated");
        assertThat(roleExists("escalated")).isTrue();
    }
}
