package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.iam.TrustPolicy;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS's AssumeRole through the AWS SDK's StsClient: trust policies, role chaining, and expired sessions purged. */
@Timeout(120)
class StsAssumeRoleTest {
    private static final String ALLOW_ASSUME = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";

    @TempDir
    Path dataDir;
    private TestOutcrop outcrop;
    private IdentityService identity;
    private String account;

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
        identity = outcrop.outcrop().identity();
        account = outcrop.outcrop().config().account().id();
    }

    @AfterEach
    void stop() {
        outcrop.close();
    }

    private String roleArn(String name) {
        return "arn:aws:iam::" + account + ":role/" + name;
    }

    private String userArn(String name) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    private static String trusting(String principal) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":\"sts:AssumeRole\"}]}";
    }

    /** A user allowed sts:AssumeRole by its own policies ({@code allowed}) or not; its long-term credentials. */
    private AwsCredentials user(String name, boolean allowed) {
        identity.createPrincipal(name, Principal.Kind.USER);
        if (allowed) {
            identity.putPolicy(name, "assume", ALLOW_ASSUME);
        }
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    private StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private Credentials assume(AwsCredentials as, String role, Integer seconds) {
        try (StsClient sts = sts(as)) {
            return sts.assumeRole(r -> r.roleArn(roleArn(role)).roleSessionName("s1").durationSeconds(seconds))
                    .credentials();
        }
    }

    private void assertDenied(AwsCredentials as, String callerArn, String role) {
        assertThatThrownBy(() -> assume(as, role, null)).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + callerArn
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn(role));
        });
    }

    @Test
    void aRoleTrustingOnlyAServiceCannotBeAssumedByAUserItsPoliciesAllow() {
        identity.createPrincipal("fn-role", Principal.Kind.ROLE, trusting("{\"Service\":\"lambda.amazonaws.com\"}"));
        AwsCredentials alice = user("alice", true);

        assertDenied(alice, userArn("alice"), "fn-role");
    }

    @Test
    void aRoleWithoutATrustPolicyCannotBeAssumed() {
        identity.createPrincipal("untrusting", Principal.Kind.ROLE);
        AwsCredentials alice = user("alice", true);

        assertDenied(alice, userArn("alice"), "untrusting");
    }

    @Test
    void aRoleTrustingTheAccountNeedsTheCallersOwnPermissionToo() {
        identity.createPrincipal("shared", Principal.Kind.ROLE, TrustPolicy.trustingAccount("aws", account));
        AwsCredentials alice = user("alice", true);
        AwsCredentials carol = user("carol", false);

        assertThat(assume(alice, "shared", null).accessKeyId()).startsWith("ASIA");
        assertDenied(carol, userArn("carol"), "shared");
    }

    @Test
    void aRoleTrustingTheAccountByItsIdWorksAsTheRootArnDoes() {
        identity.createPrincipal("by-id", Principal.Kind.ROLE, trusting("{\"AWS\":\"" + account + "\"}"));
        AwsCredentials alice = user("alice", true);

        assertThat(assume(alice, "by-id", null).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void aRoleTrustingOneUserLetsOnlyThatUserIn() {
        identity.createPrincipal("alices", Principal.Kind.ROLE, trusting("{\"AWS\":\"" + userArn("alice") + "\"}"));
        AwsCredentials alice = user("alice", false); // named by the trust policy: enough, as IAM decides
        AwsCredentials bob = user("bob", true);

        assertThat(assume(alice, "alices", null).accessKeyId()).startsWith("ASIA");
        assertDenied(bob, userArn("bob"), "alices");
    }

    @Test
    void anExplicitDenyInTheCallersPolicyWinsOverATrustPolicyNamingIt() {
        identity.createPrincipal("alices", Principal.Kind.ROLE, trusting("{\"AWS\":\"" + userArn("alice") + "\"}"));
        AwsCredentials alice = user("alice", false);
        identity.putPolicy("alice", "deny", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]}""");

        assertDenied(alice, userArn("alice"), "alices");
    }

    private java.net.http.HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        outcrop.endpoint().resolve("/_outcrop/" + path)).header("Authorization", outcrop.rootBearer())
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRoleMadeThroughTheAdminApiTrustsItsAccountUntilItsTrustPolicyIsReplaced() throws Exception {
        assertThat(admin("POST", "principals", "{\"name\":\"ops\",\"kind\":\"role\"}").statusCode()).isEqualTo(200);
        AwsCredentials alice = user("alice", true);
        assertThat(assume(alice, "ops", null).accessKeyId()).startsWith("ASIA");

        assertThat(admin("PUT", "principals/ops/trust-policy", trusting("{\"Service\":\"lambda.amazonaws.com\"}"))
                .statusCode()).isEqualTo(200);

        assertDenied(alice, userArn("alice"), "ops");
        assertThat(admin("GET", "principals/ops/trust-policy", "").body()).contains("lambda.amazonaws.com");
        var malformed = admin("PUT", "principals/ops/trust-policy", "{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:AssumeRole\"}]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("MalformedPolicyDocument: Statement[0] needs a Principal.");
    }

    @Test
    void theEdgesRefusalsOfAnStsCallAreStsErrorDocumentsTheSdkReads() {
        identity.createPrincipal("worker", Principal.Kind.ROLE, TrustPolicy.trustingAccount("aws", account));
        AwsCredentials alice = user("alice", true);
        AwsCredentials wrongSecret = AwsBasicCredentials.create(alice.accessKeyId(), "not-" + alice.secretAccessKey());
        AwsCredentials unknownKey = AwsBasicCredentials.create("AKIAUNKNOWN000000000", alice.secretAccessKey());

        assertThatThrownBy(() -> assume(wrongSecret, "worker", null)).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        });
        assertThatThrownBy(() -> assume(unknownKey, "worker", null)).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        });
    }

    @Test
    void aRoleSessionChainingToAnotherRoleGetsAtMostAnHour() {
        identity.createPrincipal("first", Principal.Kind.ROLE, TrustPolicy.trustingAccount("aws", account));
        identity.putPolicy("first", "assume", ALLOW_ASSUME);
        identity.createPrincipal("second", Principal.Kind.ROLE, TrustPolicy.trustingAccount("aws", account));
        AwsCredentials alice = user("alice", true);
        Credentials first = assume(alice, "first", 43_200); // from long-term credentials: up to 12 hours
        assertThat(first.expiration()).isAfter(Instant.now().plus(Duration.ofHours(11)));
        AwsSessionCredentials session = AwsSessionCredentials.create(first.accessKeyId(), first.secretAccessKey(),
                first.sessionToken());

        assertThatThrownBy(() -> assume(session, "second", 3601)).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        });
        Credentials chained = assume(session, "second", 3600);
        assertThat(chained.expiration()).isBefore(Instant.now().plus(Duration.ofMinutes(61)));
    }

    @Test
    void expiredSessionsAreDeletedAsNewOnesAreCreated() throws Exception {
        identity.createPrincipal("worker", Principal.Kind.ROLE, TrustPolicy.trustingAccount("aws", account));
        AwsCredentials alice = user("alice", true);
        for (int i = 0; i < 3; i++) {
            identity.createTemporaryCredentials("worker", Duration.ofSeconds(1));
        }
        Instant expired = Instant.now().plusSeconds(1);
        while (!Instant.now().isAfter(expired.plusMillis(100))) {
            Thread.sleep(50);
        }

        Credentials fresh = assume(alice, "worker", null);

        assertThat(identity.accessKeys("worker")).singleElement()
                .satisfies(k -> assertThat(k.accessKeyId()).isEqualTo(fresh.accessKeyId()));
    }
}
