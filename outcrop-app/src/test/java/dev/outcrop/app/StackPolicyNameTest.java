package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack's {@code AWS::IAM::Policy} or {@code AWS::IAM::ManagedPolicy} does not take over a policy of the same
 * name that someone else put on a principal: it is refused, and the other policy stays as it was.
 */
class StackPolicyNameTest {
    private static final String OWNER = """
            Resources:
              Shared:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: shared
                  AssumeRolePolicyDocument:
                    Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
              Grant:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: grant
                  Roles: [!Ref Shared]
                  PolicyDocument: {Statement: [{Effect: Allow, Action: 'bedrock:GetInferenceProfile', Resource: '*'}]}
            """;
    private static final String TAKER = """
            Resources:
              Takeover:
                Type: %s
                Properties:
                  %s: grant
                  Roles: [shared]
                  PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
            """;
    @TempDir
    Path dataDir;

    private String grantOfShared() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            return outcrop.outcrop().identity().storedPolicies("shared").stream()
                    .filter(p -> p.name().equals("grant")).findFirst().orElseThrow().document();
        }
    }

    private void refusesTakeover(String type, String nameProperty) throws Exception {
        Path owner = StacksCli.prepare(dataDir, "/stacks/team-profile.yaml", "unused.yaml").resolveSibling("owner.yaml");
        Files.writeString(owner, OWNER);
        Path taker = dataDir.resolve("taker.yaml");
        Files.writeString(taker, TAKER.formatted(type, nameProperty));
        StacksCli cli = new StacksCli(dataDir);
        assertThat(cli.run("deploy", owner.toString(), "--stack-name", "owner")).as(cli.output()).isZero();
        String before = grantOfShared();

        cli.run("deploy", taker.toString(), "--stack-name", "taker");

        assertThat(cli.output()).contains("ROLLBACK_COMPLETE");
        cli.run("events", "taker");
        assertThat(cli.output()).contains("a policy named grant already exists on role shared");
        assertThat(grantOfShared()).isEqualTo(before);
        assertThat(cli.run("delete", "taker")).as(cli.output()).isZero();
        assertThat(grantOfShared()).isEqualTo(before);
    }

    @Test
    void anInlinePolicyOfAnotherStackIsNotOverwrittenNorDeleted() throws Exception {
        refusesTakeover("AWS::IAM::Policy", "PolicyName");
    }

    @Test
    void aManagedPolicyOfTheSameNameIsRefusedToo() throws Exception {
        refusesTakeover("AWS::IAM::ManagedPolicy", "ManagedPolicyName");
    }
}
