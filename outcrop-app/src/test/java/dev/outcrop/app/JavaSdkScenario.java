package dev.outcrop.app;

import static dev.outcrop.app.ClientChecks.expect;
import static dev.outcrop.app.ConformanceFixture.MODEL;
import static dev.outcrop.app.ConformanceFixture.MODEL_ARN;
import static dev.outcrop.app.ConformanceFixture.SYSTEM_PROFILE;
import static dev.outcrop.app.ConformanceFixture.SYSTEM_PROFILE_ARN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileStatus;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;

/** The conformance scenario (the checks of conformance/scenario.mjs and scenario_boto3.py) over one Java SDK variant. */
final class JavaSdkScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Message QUESTION = Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("What is the weather in Lisbon?")).build();
    private static final ToolConfiguration TOOLS = ToolConfiguration.builder().tools(Tool.fromToolSpec(s -> s
            .name("weather").description("The weather in a city").inputSchema(ToolInputSchema.fromJson(Document.mapBuilder()
                    .putString("type", "object")
                    .putDocument("properties", Document.mapBuilder().putDocument("city",
                            Document.mapBuilder().putString("type", "string").build()).build())
                    .putList("required", l -> l.addString("city")).build())))).build();
    private static final SdkBytes NATIVE_BODY = SdkBytes.fromUtf8String("{\"anthropic_version\":\"bedrock-2023-05-31\","
            + "\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
    private static final Set<ConverseStreamOutput.EventType> EVERY_EVENT = EnumSet.of(
            ConverseStreamOutput.EventType.MESSAGE_START, ConverseStreamOutput.EventType.CONTENT_BLOCK_START,
            ConverseStreamOutput.EventType.CONTENT_BLOCK_DELTA, ConverseStreamOutput.EventType.CONTENT_BLOCK_STOP,
            ConverseStreamOutput.EventType.MESSAGE_STOP, ConverseStreamOutput.EventType.METADATA);

    private final JavaSdkVariant variant;
    private final ConformanceFixture fixture;
    private final ClientChecks checks;
    private final String name;
    private String profileArn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/notcreated";

    private JavaSdkScenario(JavaSdkVariant variant, ConformanceFixture fixture, ConformanceReport report) {
        this.variant = variant;
        this.fixture = fixture;
        this.checks = new ClientChecks(variant.client(), report);
        this.name = "conformance-" + variant.client();
    }

    /** Runs every check with {@code variant}, each a line of {@code report}. */
    static void run(JavaSdkVariant variant, ConformanceFixture fixture, ConformanceReport report) {
        new JavaSdkScenario(variant, fixture, report).run();
    }




    /**
     * Expects the error {@code code}, as the SDK's exception of that name where the service's model defines one, or
     * as the service's base exception with that error code where it does not (InvalidSignatureException, common to
     * every AWS service, is in no Bedrock model).
     */
    private static AwsServiceException expectError(String code, ClientChecks.Check call) throws Exception {
        try {
            call.run();
        } catch (AwsServiceException e) {
            String got = e.awsErrorDetails().errorCode();
            boolean modeled = !code.equals("InvalidSignatureException");
            String type = e.getClass().getSimpleName();
            expect((modeled ? type.equals(code) : type.startsWith("Bedrock")) && code.equalsIgnoreCase(got),
                    "expected " + code + ", got " + e.getClass().getSimpleName() + " (" + got + "): " + e.getMessage());
            return e;
        }
        throw new AssertionError("expected " + code + ", got success");
    }

    private SdkCalls open(Region region, AwsBasicCredentials keys, String apiKey) {
        return variant.open(fixture.endpoint(), region, new JavaSdkVariant.Auth(StaticCredentialsProvider.create(keys), apiKey));
    }

    private void run() {
        try (SdkCalls calls = open(Region.US_EAST_1, fixture.root(), null)) {
            controlPlane(calls);
            for (Map.Entry<String, String> target : List.of(Map.entry("foundation-model ARN", MODEL_ARN),
                    Map.entry("system profile id", SYSTEM_PROFILE), Map.entry("application profile ARN", profileArn))) {
                runtime(calls, target.getKey(), target.getValue());
            }
            errors(calls);
            checks.check("delete application profile", () -> {
                calls.delete(r -> r.inferenceProfileIdentifier(profileArn));
                expectError("ResourceNotFoundException", () -> calls.get(r -> r.inferenceProfileIdentifier(profileArn)));
            });
        }
    }

    private void controlPlane(SdkCalls calls) {
        checks.check("list system profiles", () -> expect(calls.list(r -> r.typeEquals(InferenceProfileType.SYSTEM_DEFINED))
                .inferenceProfileSummaries().stream().anyMatch(p -> p.inferenceProfileId().equals(SYSTEM_PROFILE)),
                "no " + SYSTEM_PROFILE));
        checks.check("page profiles", () -> {
            ListInferenceProfilesResponse first = calls.list(r -> r.maxResults(2));
            expect(first.inferenceProfileSummaries().size() == 2 && first.nextToken() != null, "a first page of 2 with a nextToken");
            ListInferenceProfilesResponse second = calls.list(r -> r.maxResults(2).nextToken(first.nextToken()));
            expect(!second.inferenceProfileSummaries().getFirst().inferenceProfileArn()
                    .equals(first.inferenceProfileSummaries().getFirst().inferenceProfileArn()), "the second page repeats the first");
        });
        ClientChecks.Check create = () -> profileArn = calls.create(r -> r.inferenceProfileName(name).clientRequestToken("token-" + name)
                .modelSource(s -> s.copyFrom(SYSTEM_PROFILE_ARN)));
        checks.check("create application profile", () -> {
            create.run();
            expect(profileArn.contains(":application-inference-profile/"), profileArn);
        });
        checks.check("create again with the same token", () -> {
            String first = profileArn;
            create.run();
            expect(profileArn.equals(first), "another ARN: " + profileArn);
        });
        checks.check("name conflict", () -> expectError("ConflictException", () -> calls.create(r -> r.inferenceProfileName(name)
                .modelSource(s -> s.copyFrom(MODEL_ARN)))));
        checks.check("get application profile", () -> {
            var profile = calls.get(r -> r.inferenceProfileIdentifier(profileArn));
            expect(profile.type() == InferenceProfileType.APPLICATION && profile.status() == InferenceProfileStatus.ACTIVE
                    && profile.inferenceProfileName().equals(name), profile);
        });
        Tag team = Tag.builder().key("team").value("a b+c/=@").build();
        checks.check("tag and list tags", () -> {
            calls.tag(r -> r.resourceARN(profileArn).tags(team));
            List<Tag> tags = calls.tags(r -> r.resourceARN(profileArn));
            expect(tags.contains(team), tags);
        });
        checks.check("untag", () -> {
            calls.untag(r -> r.resourceARN(profileArn).tagKeys("team"));
            List<Tag> tags = calls.tags(r -> r.resourceARN(profileArn));
            expect(tags.isEmpty(), tags);
        });
    }

    private void runtime(SdkCalls calls, String via, String modelId) {
        checks.check("converse via " + via, () -> {
            ConverseResponse out = calls.converse(r -> r.modelId(modelId).messages(QUESTION));
            expect(!out.output().message().content().getFirst().text().isEmpty() && out.usage().outputTokens() > 0, out);
        });
        checks.check("converse stream via " + via, () -> {
            Set<ConverseStreamOutput.EventType> seen = EnumSet.noneOf(ConverseStreamOutput.EventType.class);
            calls.converseStream(r -> r.modelId(modelId).messages(QUESTION).toolConfig(TOOLS))
                    .forEach(e -> seen.add(e.sdkEventType()));
            expect(seen.containsAll(EVERY_EVENT), "events " + seen);
        });
        checks.check("invoke model via " + via, () -> {
            JsonNode answer = JSON.readTree(calls.invoke(r -> r.modelId(modelId).body(NATIVE_BODY)
                    .contentType("application/json")).body().asByteArray());
            expect(answer.path("type").asText().equals("message") && !answer.path("content").path(0).path("text").asText().isEmpty(),
                    answer);
        });
        checks.check("invoke model with response stream via " + via, () -> {
            List<String> types = new ArrayList<>();
            for (byte[] chunk : calls.invokeStream(r -> r.modelId(modelId).body(NATIVE_BODY).contentType("application/json"))) {
                types.add(parse(chunk).path("type").asText());
            }
            expect(!types.isEmpty() && types.getFirst().equals("message_start") && types.getLast().equals("message_stop"), types);
        });
        checks.check("count tokens via " + via, () -> {
            int tokens = calls.countTokens(r -> r.modelId(modelId).input(CountTokensInput.fromConverse(c -> c.messages(QUESTION))))
                    .inputTokens();
            expect(tokens > 0, tokens);
        });
    }

    private void errors(SdkCalls calls) {
        checks.check("ValidationException", () -> {
            AwsServiceException e = expectError("ValidationException", () -> calls.converse(r -> r.modelId(MODEL).messages(QUESTION)
                    .inferenceConfig(c -> c.temperature(5f))));
            expect(e.getMessage().contains("inferenceConfig.temperature"), e.getMessage());
        });
        checks.check("ResourceNotFoundException", () -> expectError("ResourceNotFoundException", () -> calls.get(r -> r
                .inferenceProfileIdentifier(profileArn.replaceAll("/[^/]+$", "/nosuchprofile1")))));
        checks.check("AccessDeniedException", () -> {
            try (SdkCalls denied = open(Region.US_EAST_1, fixture.denied(), null)) {
                expectError("AccessDeniedException", () -> denied.converse(r -> r.modelId(MODEL).messages(QUESTION)));
            }
        });
        checks.check("ThrottlingException", () -> {
            try (SdkCalls throttled = open(Region.of(fixture.throttledRegion()), fixture.root(), null)) {
                expectError("ThrottlingException", () -> throttled.converse(r -> r.modelId(MODEL).messages(QUESTION)));
            }
        });
        checks.check("exception event mid-stream", () -> {
            try (SdkCalls cut = open(Region.of(fixture.cutRegion()), fixture.root(), null)) {
                if (!cut.streams()) {
                    throw new UnsupportedOperationException("the synchronous client has no ConverseStream");
                }
                expectError("ModelStreamErrorException", () -> cut.converseStream(r -> r.modelId(MODEL).messages(QUESTION)));
            }
        });
        checks.check("wrong secret", () -> {
            AwsBasicCredentials wrong = AwsBasicCredentials.create(fixture.root().accessKeyId(), fixture.root().secretAccessKey() + "x");
            try (SdkCalls forged = open(Region.US_EAST_1, wrong, null)) {
                expectError("InvalidSignatureException", () -> forged.converse(r -> r.modelId(MODEL).messages(QUESTION)));
            }
        });
        checks.check("API key", () -> {
            try (SdkCalls keyed = open(Region.US_EAST_1, fixture.root(), fixture.apiKey())) {
                ConverseResponse out = keyed.converse(r -> r.modelId(MODEL).messages(QUESTION));
                expect(!out.output().message().content().getFirst().text().isEmpty(), out);
            }
        });
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
