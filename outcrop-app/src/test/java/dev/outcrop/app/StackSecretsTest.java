package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code NoEcho} parameter is shown as {@code ****} wherever a stack is shown, and an access key's secret taken
 * into an output is not stored in clear.
 */
class StackSecretsTest {
    private static final String TEMPLATE = """
            Parameters:
              Owner:
                Type: String
                NoEcho: true
            Resources:
              Reader:
                Type: AWS::IAM::User
              ReaderKey:
                Type: AWS::IAM::AccessKey
                Properties:
                  UserName: !Ref Reader
            Outputs:
              Secret:
                Value: !GetAtt ReaderKey.SecretAccessKey
            """;
    private static final String FAILING = """
            Parameters:
              Owner:
                Type: String
                NoEcho: true
            Resources:
              OwnerKey:
                Type: AWS::IAM::AccessKey
                Properties:
                  UserName: !Ref Owner
            """;
    @TempDir
    Path dataDir;

    private static boolean anyFileHolds(Path dir, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (var walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            if (bytes.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSecretInAnOutputIsStoredAsAPlaceholderAndANoEchoValueIsMasked() throws Exception {
        Path template = StacksCli.prepare(dataDir, "/stacks/team-profile.yaml", "unused.yaml")
                .resolveSibling("secret.yaml");
        Files.writeString(template, TEMPLATE);
        StacksCli cli = new StacksCli(dataDir);

        assertThat(cli.run("deploy", template.toString(), "--stack-name", "secret", "--parameter",
                "Owner=hidden-owner-value")).as(cli.output()).isZero();
        String secret;
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String keyId = outcrop.outcrop().identity().accessKeys(cli.physicalIds("secret").get("Reader")).get(0)
                    .accessKeyId();
            secret = outcrop.outcrop().identity().accessKeySecret(keyId);
        }

        assertThat(cli.run("describe", "secret")).isZero();
        assertThat(cli.output()).contains("\"Owner\":\"****\"").doesNotContain("hidden-owner-value")
                .contains("{{outcrop:secret:ReaderKey.SecretAccessKey}}").doesNotContain(secret);
        assertThat(anyFileHolds(dataDir, secret)).isFalse();
    }

    @Test
    void aNoEchoValueInAFailedResourcesReasonIsMasked() throws Exception {
        Path template = StacksCli.prepare(dataDir, "/stacks/team-profile.yaml", "unused.yaml")
                .resolveSibling("failing.yaml");
        Files.writeString(template, FAILING);
        StacksCli cli = new StacksCli(dataDir);

        cli.run("deploy", template.toString(), "--stack-name", "failing", "--parameter", "Owner=hidden-owner-value");
        String deployed = cli.output();
        cli.run("events", "failing");

        assertThat(deployed).contains("ROLLBACK_COMPLETE").doesNotContain("hidden-owner-value");
        assertThat(cli.output()).contains("names no user: '****'").doesNotContain("hidden-owner-value");
    }
}
