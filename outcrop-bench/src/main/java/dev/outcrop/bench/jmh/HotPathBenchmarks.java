package dev.outcrop.bench.jmh;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.iam.Decision;
import dev.outcrop.iam.Policy;
import dev.outcrop.iam.PolicyEvaluator;
import dev.outcrop.iam.RequestContext;
import dev.outcrop.iam.WorkloadPolicy;
import dev.outcrop.identity.CredentialLookup;
import dev.outcrop.identity.Principal;
import dev.outcrop.identity.SigningKey;
import dev.outcrop.invoke.Capacity;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.DeploymentRouter;
import dev.outcrop.invoke.Deployments;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.invoke.RoutingPolicy;
import dev.outcrop.invoke.Target;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.ApplicationProfile;
import dev.outcrop.profile.ProfileResolver;
import dev.outcrop.profile.ProfileStore;
import dev.outcrop.server.auth.SigV4Verifier;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.protocol.RequestBinder;
import dev.outcrop.server.smithy.Operation;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.tag.Tag;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * JMH benchmarks of the per-request hot paths: SigV4 verification, policy evaluation, model-id resolution
 * with the routing decision, Converse request binding and validation, response writing, event-stream
 * frame encoding. Run with {@code scripts/bench jmh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HotPathBenchmarks {
    private static final String PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Explain inference "
            + "profiles in one sentence\"}]}],\"system\":[{\"text\":\"You are terse.\"}],"
            + "\"inferenceConfig\":{\"maxTokens\":512,\"temperature\":0.5,\"topP\":0.9,\"stopSequences\":[\"END\"]}}";

    private SigV4Verifier verifier;
    private WireRequest signed;
    private List<Policy> policies;
    private RequestContext invokeContext;
    private TargetResolver resolver;
    private DeploymentRouter router;
    private RequestScope scope;
    private RequestBinder binder;
    private Operation converse;
    private WireRequest converseRequest;
    private Map<String, Object> response;
    private byte[] deltaPayload;

    @Setup
    public void setUp() {
        // A Converse request signed by the AWS SDK's own signer, as a client sends it.
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String path = "/model/" + PROFILE.replace(":", "%3A") + "/converse";
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8080" + path)).putHeader("Content-Type", "application/json")
                .contentStreamProvider(() -> new ByteArrayInputStream(body)).build();
        SdkHttpFullRequest signedRequest = (SdkHttpFullRequest) AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("AKIABENCHMARK0000001", "bench-secret-access-key-0000"))
                .request(request).payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        signedRequest.forEachHeader((name, values) -> values.forEach(v -> headers.add(name, v)));
        headers.set("Host", "127.0.0.1:8080");
        signed = new WireRequest("POST", path, "", Map.of(), headers, body, false, null);
        Principal principal = new Principal("AIDABENCH", "123456789012", "bench", Principal.Kind.USER);
        SigningKey key = new SigningKey("AKIABENCHMARK0000001",
                "bench-secret-access-key-0000".getBytes(StandardCharsets.UTF_8), principal, null, null);
        String amzDate = headers.get("X-Amz-Date");
        Instant signedAt = java.time.LocalDateTime.parse(amzDate,
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
        verifier = new SigV4Verifier(new CredentialLookup() {
            @Override
            public Optional<SigningKey> signingKey(String accessKeyId) {
                return Optional.of(key);
            }

            @Override
            public ApiKeyState apiKey(String token) {
                return new ApiKeyState.Unknown();
            }
        }, Clock.fixed(signedAt, ZoneOffset.UTC), "bedrock");

        String app = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789";
        policies = List.of(Policy.parse("workload", WorkloadPolicy.forProfile(app, List.of(
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"))));
        invokeContext = RequestContext.of("bedrock:InvokeModel",
                        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")
                .key("bedrock:InferenceProfileArn", app).key("aws:username", "bench")
                .key("aws:SourceIp", "127.0.0.1").key("aws:CurrentTime", Instant.now().toString()).build();

        Catalog catalog = CatalogLoader.builtIn();
        resolver = new TargetResolver(catalog, new ProfileResolver(catalog, new NoProfiles(), new ChangeFeed()));
        ModelProvider none = new ModelProvider() {
            @Override
            public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
                throw new UnsupportedOperationException();
            }
        };
        Deployments deployments = (model, region) -> Optional.of(new Deployments.Bound(new Deployment(model, region,
                "bench", null, model, Duration.ofSeconds(60), Duration.ofSeconds(10)), none));
        SplittableRandom random = new SplittableRandom(1);
        router = new DeploymentRouter(deployments, b -> new Capacity(256, 0), RoutingPolicy.DEFAULTS, System::nanoTime,
                random::nextInt);
        scope = new RequestScope("aws", "123456789012", "us-east-1");

        SmithyModel model = SmithyModel.bedrock();
        binder = new RequestBinder(model);
        converse = model.operation("Converse").orElseThrow();
        converseRequest = new WireRequest("POST", path, "", new QueryStringDecoder("", false).parameters(),
                new DefaultHttpHeaders(), body, false, null);
        response = Map.of("output", Map.of("message", Map.of("role", "assistant", "content",
                        List.of(Map.of("text", "Inference profiles route each call to a region with capacity.")))),
                "stopReason", "end_turn", "usage", Map.of("inputTokens", 21, "outputTokens", 12, "totalTokens", 33),
                "metrics", Map.of("latencyMs", 412));
        deltaPayload = "{\"delta\":{\"text\":\" capacity\"},\"contentBlockIndex\":0}".getBytes(StandardCharsets.UTF_8);
    }

    /** Every check of a SigV4-signed Converse request, SHA-256 of the body included. */
    @Benchmark
    public SigV4Verifier.Verified sigv4Verify() {
        return verifier.verify(signed);
    }

    /** The workload policy deciding a model call through its profile. */
    @Benchmark
    public Decision policyEvaluation() {
        return PolicyEvaluator.evaluate(policies, invokeContext);
    }

    /** Resolving a system profile id and taking and releasing a deployment lease. */
    @Benchmark
    public String resolveAndRoute() {
        Target target = resolver.resolve(scope, PROFILE);
        DeploymentRouter.Lease lease = router.acquire(target, 600, java.util.Set.of(), b -> true);
        lease.firstEvent();
        lease.release(600);
        return lease.region();
    }

    /** Parsing a Converse body and validating it against the Smithy model. */
    @Benchmark
    public OperationInput converseBindAndValidate() {
        return binder.bind(converse, Map.of("modelId", PROFILE), converseRequest);
    }

    /** Writing a Converse response body. */
    @Benchmark
    public byte[] converseResponseWrite() {
        return Json.write(response);
    }

    /** Encoding one contentBlockDelta event-stream frame (prelude, headers, two CRC32s). */
    @Benchmark
    public byte[] eventStreamFrame() {
        return EventStreamEncoder.event("contentBlockDelta", deltaPayload);
    }

    /** No application profiles: the benchmark resolves system profiles. */
    private static final class NoProfiles implements ProfileStore {
        @Override
        public InsertResult<ApplicationProfile> insert(ApplicationProfile profile, List<Tag> tags, String resourceArn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ApplicationProfile> find(String accountId, String region, String id) {
            return Optional.empty();
        }

        @Override
        public Optional<ApplicationProfile> findByToken(String accountId, String region, String clientRequestToken) {
            return Optional.empty();
        }

        @Override
        public List<ApplicationProfile> list(String accountId, String region, long afterSequence, int limit) {
            return List.of();
        }

        @Override
        public boolean delete(String accountId, String region, String id, String resourceArn) {
            return false;
        }
    }
}
