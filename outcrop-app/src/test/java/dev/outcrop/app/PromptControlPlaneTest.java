package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.identity.IdentityService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockagent.model.BedrockAgentException;
import software.amazon.awssdk.services.bedrockagent.model.ConflictException;
import software.amazon.awssdk.services.bedrockagent.model.CreatePromptRequest;
import software.amazon.awssdk.services.bedrockagent.model.CreatePromptResponse;
import software.amazon.awssdk.services.bedrockagent.model.CreatePromptVersionResponse;
import software.amazon.awssdk.services.bedrockagent.model.GetPromptResponse;
import software.amazon.awssdk.services.bedrockagent.model.PromptAgentResource;
import software.amazon.awssdk.services.bedrockagent.model.PromptGenAiResource;
import software.amazon.awssdk.services.bedrockagent.model.PromptInferenceConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptInputVariable;
import software.amazon.awssdk.services.bedrockagent.model.PromptModelInferenceConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptSummary;
import software.amazon.awssdk.services.bedrockagent.model.PromptTemplateConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptTemplateType;
import software.amazon.awssdk.services.bedrockagent.model.PromptVariant;
import software.amazon.awssdk.services.bedrockagent.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockagent.model.TextPromptTemplateConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.ValidationException;

/**
 * Prompt management through the AWS SDK for Java v2's {@link BedrockAgentClient}: every operation, the idempotency
 * tokens, version immutability, tags, pagination and each validation error, read as the SDK reads them.
 */
class PromptControlPlaneTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String TEXT = "Tell me about {{topic}}";

    @TempDir
    Path dataDir;
    TestOutcrop outcrop;
    BedrockAgentClient agent;

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
        agent = outcrop.agent();
    }

    @AfterEach
    void stop() {
        agent.close();
        outcrop.close();
    }

    private static PromptVariant.Builder variant(String text) {
        return PromptVariant.builder().name("main").templateType(PromptTemplateType.TEXT).modelId(HAIKU)
                .templateConfiguration(PromptTemplateConfiguration.fromText(TextPromptTemplateConfiguration.builder()
                        .text(text).inputVariables(PromptInputVariable.builder().name("topic").build()).build()))
                .inferenceConfiguration(PromptInferenceConfiguration.fromText(PromptModelInferenceConfiguration.builder()
                        .temperature(0.3f).maxTokens(64).build()));
    }

    private static PromptVariant variant() {
        return variant(TEXT).build();
    }

    private CreatePromptResponse create(String name) {
        return agent.createPrompt(r -> r.name(name).defaultVariant("main").variants(variant()));
    }

    private static String textOf(GetPromptResponse prompt) {
        return prompt.variants().getFirst().templateConfiguration().text().text();
    }

    @Test
    void createPromptAnswersTheDraftItsIdItsArnAndItsContent() {
        CreatePromptResponse created = agent.createPrompt(r -> r.name("facts").description("facts on demand")
                .defaultVariant("main").variants(variant()).tags(Map.of("team", "docs")));

        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.id()).matches("[0-9A-Z]{10}");
        assertThat(created.arn()).isEqualTo("arn:aws:bedrock:us-east-1:" + created.arn().split(":")[4] + ":prompt/"
                + created.id()).matches("arn:aws:bedrock:us-east-1:\\d{12}:prompt/[0-9A-Z]{10}");
        assertThat(created.version()).isEqualTo("DRAFT");
        assertThat(created.name()).isEqualTo("facts");
        assertThat(created.description()).isEqualTo("facts on demand");
        assertThat(created.defaultVariant()).isEqualTo("main");
        assertThat(created.variants()).containsExactly(variant());
        assertThat(created.createdAt()).isNotNull().isEqualTo(created.updatedAt());
        assertThat(agent.listTagsForResource(r -> r.resourceArn(created.arn())).tags()).isEqualTo(Map.of("team", "docs"));
        assertThat(agent.getPrompt(r -> r.promptIdentifier(created.id())).variants()).containsExactly(variant());
        assertThat(agent.getPrompt(r -> r.promptIdentifier(created.arn())).id()).isEqualTo(created.id());
    }

    @Test
    void updatePromptReplacesTheDraftsWholeContent() {
        CreatePromptResponse created = create("facts");

        agent.updatePrompt(r -> r.promptIdentifier(created.id()).name("facts2").description("new")
                .variants(variant("About {{topic}}, briefly").build()));
        GetPromptResponse draft = agent.getPrompt(r -> r.promptIdentifier(created.id()));

        assertThat(draft.name()).isEqualTo("facts2");
        assertThat(draft.description()).isEqualTo("new");
        assertThat(draft.defaultVariant()).isNull();
        assertThat(textOf(draft)).isEqualTo("About {{topic}}, briefly");
        assertThat(draft.version()).isEqualTo("DRAFT");
    }

    @Test
    void aVersionKeepsWhatTheDraftHadWhenItWasCreatedThroughLaterUpdates() {
        CreatePromptResponse draft = create("facts");
        CreatePromptVersionResponse v1 = agent.createPromptVersion(r -> r.promptIdentifier(draft.id())
                .description("first").tags(Map.of("stage", "prod")));
        agent.updatePrompt(r -> r.promptIdentifier(draft.id()).name("facts").variants(variant("Changed {{topic}}").build()));

        GetPromptResponse kept = agent.getPrompt(r -> r.promptIdentifier(draft.id()).promptVersion("1"));
        GetPromptResponse byArn = agent.getPrompt(r -> r.promptIdentifier(v1.arn()));

        assertThat(v1.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(v1.arn()).isEqualTo(draft.arn() + ":1");
        assertThat(v1.version()).isEqualTo("1");
        assertThat(v1.description()).isEqualTo("first");
        assertThat(textOf(kept)).isEqualTo(TEXT);
        assertThat(kept.version()).isEqualTo("1");
        assertThat(List.of(byArn.arn(), byArn.version(), byArn.description(), byArn.variants()))
                .isEqualTo(List.of(kept.arn(), kept.version(), kept.description(), kept.variants()));
        assertThat(textOf(agent.getPrompt(r -> r.promptIdentifier(draft.id())))).isEqualTo("Changed {{topic}}");
        assertThat(agent.listTagsForResource(r -> r.resourceArn(v1.arn())).tags()).isEqualTo(Map.of("stage", "prod"));
        assertThat(agent.createPromptVersion(r -> r.promptIdentifier(draft.id())).version()).isEqualTo("2");
    }

    @Test
    void aVersionCannotBeUpdated() {
        CreatePromptResponse draft = create("facts");
        String v1 = agent.createPromptVersion(r -> r.promptIdentifier(draft.id())).arn();

        assertThatThrownBy(() -> agent.updatePrompt(r -> r.promptIdentifier(v1).name("facts").variants(variant())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("versions are immutable");
        assertThat(textOf(agent.getPrompt(r -> r.promptIdentifier(v1)))).isEqualTo(TEXT);
    }

    @Test
    void aClientTokenRepeatedWithTheSameRequestAnswersTheSameResourceAndWithAnotherIsAConflict() {
        String token = "a".repeat(40);
        CreatePromptResponse first = agent.createPrompt(r -> r.name("facts").clientToken(token).variants(variant()));
        CreatePromptResponse again = agent.createPrompt(r -> r.name("facts").clientToken(token).variants(variant()));
        String versionToken = "b".repeat(40);
        String v1 = agent.createPromptVersion(r -> r.promptIdentifier(first.id()).clientToken(versionToken)).version();
        String v1Again = agent.createPromptVersion(r -> r.promptIdentifier(first.id()).clientToken(versionToken)).version();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(v1Again).isEqualTo(v1).isEqualTo("1");
        assertThatThrownBy(() -> agent.createPrompt(r -> r.name("other").clientToken(token).variants(variant())))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> agent.createPrompt(r -> r.name("facts").variants(variant())))
                .as("a second prompt of the same name").isInstanceOf(ConflictException.class);
        assertThat(agent.listPrompts(r -> { }).promptSummaries()).hasSize(1);
    }

    @Test
    void listPromptsPagesThroughEveryDraftAndThroughTheVersionsOfOnePrompt() {
        List<String> ids = Stream.of("a", "b", "c", "d", "e").map(n -> create(n).id()).toList();
        agent.createPromptVersion(r -> r.promptIdentifier(ids.getFirst()));
        agent.createPromptVersion(r -> r.promptIdentifier(ids.getFirst()));

        var firstPage = agent.listPrompts(r -> r.maxResults(2));
        List<PromptSummary> all = agent.listPromptsPaginator(r -> r.maxResults(2)).promptSummaries().stream().toList();
        List<PromptSummary> versions = agent.listPrompts(r -> r.promptIdentifier(ids.getFirst())).promptSummaries();

        assertThat(firstPage.promptSummaries()).hasSize(2);
        assertThat(firstPage.nextToken()).isNotBlank();
        assertThat(all).extracting(PromptSummary::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(all).extracting(PromptSummary::version).containsOnly("DRAFT");
        assertThat(versions).extracting(PromptSummary::version).containsExactly("DRAFT", "1", "2");
        assertThat(versions.get(2).arn()).endsWith(ids.getFirst() + ":2");
    }

    @Test
    void deletingAVersionLeavesThePromptAndDeletingThePromptLeavesNoVersion() {
        String id = create("facts").id();
        agent.createPromptVersion(r -> r.promptIdentifier(id));
        agent.createPromptVersion(r -> r.promptIdentifier(id));

        var deleted = agent.deletePrompt(r -> r.promptIdentifier(id).promptVersion("1"));
        List<PromptSummary> listed = agent.listPrompts(r -> r.promptIdentifier(id)).promptSummaries();
        var deletedAll = agent.deletePrompt(r -> r.promptIdentifier(id));

        assertThat(deleted.id()).isEqualTo(id);
        assertThat(deleted.version()).isEqualTo("1");
        assertThat(listed).extracting(PromptSummary::version).containsExactly("DRAFT", "2");
        assertThat(deletedAll.version()).isNull();
        assertThatThrownBy(() -> agent.getPrompt(r -> r.promptIdentifier(id).promptVersion("2")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> agent.getPrompt(r -> r.promptIdentifier(id))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(agent.listPrompts(r -> { }).promptSummaries()).isEmpty();
    }

    @Test
    void tagsAreAddedReadAndRemovedOnPromptsAndVersions() {
        CreatePromptResponse prompt = create("facts");
        String version = agent.createPromptVersion(r -> r.promptIdentifier(prompt.id())).arn();

        agent.tagResource(r -> r.resourceArn(prompt.arn()).tags(Map.of("team", "docs", "cost", "c1")));
        agent.tagResource(r -> r.resourceArn(version).tags(Map.of("stage", "prod")));
        agent.untagResource(r -> r.resourceArn(prompt.arn()).tagKeys("cost"));

        assertThat(agent.listTagsForResource(r -> r.resourceArn(prompt.arn())).tags()).isEqualTo(Map.of("team", "docs"));
        assertThat(agent.listTagsForResource(r -> r.resourceArn(version)).tags()).isEqualTo(Map.of("stage", "prod"));
        agent.deletePrompt(r -> r.promptIdentifier(prompt.id()));
        assertThatThrownBy(() -> agent.listTagsForResource(r -> r.resourceArn(version)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    static Stream<Arguments> invalidRequests() {
        PromptVariant chatWithText = variant().toBuilder().templateType(PromptTemplateType.CHAT).build();
        PromptVariant twice = variant().toBuilder().templateConfiguration(PromptTemplateConfiguration.fromText(
                TextPromptTemplateConfiguration.builder().text(TEXT).inputVariables(
                        PromptInputVariable.builder().name("topic").build(),
                        PromptInputVariable.builder().name("topic").build()).build())).build();
        PromptVariant agentVariant = variant().toBuilder().genAiResource(PromptGenAiResource.fromAgent(
                PromptAgentResource.builder().agentIdentifier(
                        "arn:aws:bedrock:us-east-1:123456789012:agent-alias/ABCDEFGHIJ/ABCDEFGHIJ").build())).build();
        PromptVariant hot = variant().toBuilder().inferenceConfiguration(PromptInferenceConfiguration.fromText(
                PromptModelInferenceConfiguration.builder().temperature(1.5f).build())).build();
        return Stream.of(
                create("a name outside the model's pattern", r -> r.name("no spaces"), "name"),
                create("a create without a name", r -> r.variants(variant()), "name"),
                create("a temperature above 1", r -> r.name("p").variants(hot), "temperature"),
                create("two variants where the model allows one", r -> r.name("p")
                        .variants(variant(), variant().toBuilder().name("second").build()), "variants"),
                create("a templateType whose configuration is missing", r -> r.name("p").variants(chatWithText),
                        "templateConfiguration"),
                create("a defaultVariant naming no variant", r -> r.name("p").defaultVariant("other").variants(variant()),
                        "defaultVariant"),
                create("a modelId naming nothing callable", r -> r.name("p")
                        .variants(variant().toBuilder().modelId("no.such-model-v1:0").build()), "modelId"),
                create("an input variable declared twice", r -> r.name("p").variants(twice), "declared twice"),
                create("an agent as the variant's resource", r -> r.name("p").variants(agentVariant), "genAiResource"),
                create("a client token shorter than 33 characters", r -> r.name("p").clientToken("short"), "clientToken"),
                create("a reserved tag key", r -> r.name("p").tags(Map.of("aws:x", "y")), "aws:"),
                call("a malformed prompt identifier", a -> a.getPrompt(r -> r.promptIdentifier("not-an-id")),
                        "promptIdentifier"),
                call("a version that is not DRAFT or a number",
                        a -> a.getPrompt(r -> r.promptIdentifier("ABCDEFGHIJ").promptVersion("x")), "promptVersion"),
                call("a deletion of the draft by version",
                        a -> a.deletePrompt(r -> r.promptIdentifier("ABCDEFGHIJ").promptVersion("DRAFT")), "promptVersion"),
                call("a page size above 1000", a -> a.listPrompts(r -> r.maxResults(1001)), "maxResults"),
                call("a nextToken of another listing", a -> a.listPrompts(r -> r.nextToken("abc")), "nextToken"),
                call("a version description over 200 characters", a -> a.createPromptVersion(
                        r -> r.promptIdentifier("ABCDEFGHIJ").description("d".repeat(201))), "description"),
                call("a tag on something that is not a prompt", a -> a.tagResource(r -> r.resourceArn("not-an-arn")
                        .tags(Map.of("k", "v"))), "resourceArn"),
                call("an untag without keys", a -> a.untagResource(r -> r.resourceArn(
                        "arn:aws:bedrock:us-east-1:123456789012:prompt/ABCDEFGHIJ").tagKeys(List.of())), "tagKeys"));
    }

    private static Arguments create(String what, Consumer<CreatePromptRequest.Builder> request, String named) {
        return call(what, a -> a.createPrompt(request), named);
    }

    private static Arguments call(String what, Consumer<BedrockAgentClient> call, String named) {
        return Arguments.of(what, call, named);
    }

    @ParameterizedTest(name = "{0} is a ValidationException naming it")
    @MethodSource("invalidRequests")
    void anInvalidRequestIsAValidationExceptionNamingWhatIsWrong(String what, Consumer<BedrockAgentClient> call,
                                                                 String named) {
        assertThatThrownBy(() -> call.accept(agent)).isInstanceOf(ValidationException.class)
                .hasMessageContaining(named)
                .satisfies(e -> assertThat(((ValidationException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void aPromptOfAnotherAccountOrAVersionThatDoesNotExistIsNotFound() {
        String id = create("facts").id();

        assertThatThrownBy(() -> agent.getPrompt(r -> r.promptIdentifier(
                "arn:aws:bedrock:us-east-1:999999999999:prompt/" + id))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> agent.getPrompt(r -> r.promptIdentifier(id).promptVersion("3")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> agent.deletePrompt(r -> r.promptIdentifier("ABCDEFGHIJ")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> agent.createPromptVersion(r -> r.promptIdentifier("ABCDEFGHIJ")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void iamDecidesGetPromptByThePromptsArnAndItsTags() {
        CreatePromptResponse open = create("open");
        CreatePromptResponse secret = create("secret");
        agent.tagResource(r -> r.resourceArn(secret.arn()).tags(Map.of("level", "secret")));
        try (BedrockAgentClient reader = agentOf(user("reader", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:GetPrompt", "Resource": "arn:aws:bedrock:*:*:prompt/*"},
                  {"Effect": "Deny", "Action": "bedrock:*", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:ResourceTag/level": "secret"}}}]}"""))) {
            assertThat(reader.getPrompt(r -> r.promptIdentifier(open.id())).name()).isEqualTo("open");
            assertThatThrownBy(() -> reader.getPrompt(r -> r.promptIdentifier(secret.id())))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("bedrock:GetPrompt");
            assertThatThrownBy(() -> reader.deletePrompt(r -> r.promptIdentifier(open.id())))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("bedrock:DeletePrompt");
        }
    }

    @Test
    void anAgentOperationOutcropDoesNotServeAnswersUnknownOperation() {
        assertThatThrownBy(() -> agent.listAgents(r -> { })).isInstanceOfSatisfying(BedrockAgentException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
        });
    }

    @Test
    void additionalModelRequestFieldsAndMetadataAreKeptAsGiven() {
        PromptVariant withFields = variant().toBuilder().additionalModelRequestFields(
                Document.mapBuilder().putNumber("top_k", 40).build()).build();
        String id = agent.createPrompt(r -> r.name("fields").variants(withFields)).id();

        assertThat(agent.getPrompt(r -> r.promptIdentifier(id)).variants()).containsExactly(withFields);
    }

    private StaticCredentialsProvider user(String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy(name, "p", policy);
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private BedrockAgentClient agentOf(StaticCredentialsProvider credentials) {
        return BedrockAgentClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(TestOutcrop.noRetries()).build();
    }
}
