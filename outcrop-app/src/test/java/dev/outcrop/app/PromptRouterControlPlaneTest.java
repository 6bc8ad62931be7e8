package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ConflictException;
import software.amazon.awssdk.services.bedrock.model.CreatePromptRouterRequest;
import software.amazon.awssdk.services.bedrock.model.GetPromptRouterResponse;
import software.amazon.awssdk.services.bedrock.model.PromptRouterSummary;
import software.amazon.awssdk.services.bedrock.model.PromptRouterTargetModel;
import software.amazon.awssdk.services.bedrock.model.PromptRouterType;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/** The prompt-router control plane through the AWS SDK for Java v2 {@code BedrockClient}. */
class PromptRouterControlPlaneTest {
    static final String ACCOUNT_PREFIX = "arn:aws:bedrock:us-east-1:123456789012:";
    static final String HAIKU = ACCOUNT_PREFIX + "inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    static final String SONNET = ACCOUNT_PREFIX + "inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    static final String NOVA_PRO = ACCOUNT_PREFIX + "inference-profile/us.amazon.nova-pro-v1:0";
    static final String DEFAULT_ANTHROPIC = ACCOUNT_PREFIX + "default-prompt-router/anthropic.claude:1";

    @TempDir
    static Path dataDir;
    static TestOutcrop outcrop;
    static BedrockClient bedrock;

    @BeforeAll
    static void start() {
        outcrop = TestOutcrop.start(dataDir);
        bedrock = outcrop.bedrock();
    }

    @AfterAll
    static void stop() {
        bedrock.close();
        outcrop.close();
    }

    private static CreatePromptRouterRequest.Builder router(String name, String cheaper, String stronger,
                                                            String fallback, double difference) {
        return CreatePromptRouterRequest.builder().promptRouterName(name)
                .models(PromptRouterTargetModel.builder().modelArn(cheaper).build(),
                        PromptRouterTargetModel.builder().modelArn(stronger).build())
                .fallbackModel(f -> f.modelArn(fallback))
                .routingCriteria(c -> c.responseQualityDifference(difference));
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void listingWithoutATypeShowsTheDefaultRoutersOfTheRegion() {
        bedrock.createPromptRouter(router(uniqueName("not-listed-by-default"), HAIKU, SONNET, SONNET, 10).build());

        List<PromptRouterSummary> routers = bedrock.listPromptRouters(r -> { }).promptRouterSummaries();

        assertThat(routers).extracting(PromptRouterSummary::promptRouterArn).containsExactly(DEFAULT_ANTHROPIC,
                ACCOUNT_PREFIX + "default-prompt-router/meta.llama:1",
                ACCOUNT_PREFIX + "default-prompt-router/amazon.nova:1");
        assertThat(routers).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo(PromptRouterType.DEFAULT);
            assertThat(r.statusAsString()).isEqualTo("AVAILABLE");
        });
    }

    @Test
    void aDefaultRouterRoutesThroughTheProfilesOfTheCallersGeography() {
        GetPromptRouterResponse router = bedrock.getPromptRouter(r -> r.promptRouterArn(DEFAULT_ANTHROPIC));

        assertThat(router.models()).extracting(PromptRouterTargetModel::modelArn).containsExactly(HAIKU, SONNET);
        assertThat(router.fallbackModel().modelArn()).isEqualTo(SONNET);
        assertThat(router.typeAsString()).isEqualTo("default");
        assertThat(router.routingCriteria().responseQualityDifference()).isNotNull();
    }

    @Test
    void aCreatedRouterIsReadListedAndDeleted() {
        String name = uniqueName("support");
        String arn = bedrock.createPromptRouter(router(name, HAIKU, SONNET, HAIKU, 25).description("support bot")
                .tags(Tag.builder().key("team").value("support").build()).build()).promptRouterArn();

        GetPromptRouterResponse read = bedrock.getPromptRouter(r -> r.promptRouterArn(arn));
        List<String> listed = new ArrayList<>();
        bedrock.listPromptRoutersPaginator(r -> r.type(PromptRouterType.CUSTOM).maxResults(1)).promptRouterSummaries()
                .forEach(r -> listed.add(r.promptRouterArn()));
        bedrock.deletePromptRouter(r -> r.promptRouterArn(arn));

        assertThat(arn).matches("arn:aws:bedrock:us-east-1:123456789012:prompt-router/[a-z0-9]{12}");
        assertThat(read.promptRouterName()).isEqualTo(name);
        assertThat(read.description()).isEqualTo("support bot");
        assertThat(read.routingCriteria().responseQualityDifference()).isEqualTo(25.0);
        assertThat(read.fallbackModel().modelArn()).isEqualTo(HAIKU);
        assertThat(read.typeAsString()).isEqualTo("custom");
        assertThat(read.createdAt()).isNotNull();
        assertThat(listed).contains(arn);
        assertThatThrownBy(() -> bedrock.getPromptRouter(r -> r.promptRouterArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aRouterIsTaggedLikeAnyResource() {
        String arn = bedrock.createPromptRouter(router(uniqueName("tagged"), HAIKU, SONNET, SONNET, 0)
                .tags(Tag.builder().key("team").value("a").build()).build()).promptRouterArn();

        bedrock.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("cost-center").value("7").build()));
        bedrock.untagResource(r -> r.resourceARN(arn).tagKeys("team"));

        assertThat(bedrock.listTagsForResource(r -> r.resourceARN(arn)).tags())
                .containsExactly(Tag.builder().key("cost-center").value("7").build());
    }

    @Test
    void aDefaultRouterTakesNoTags() {
        assertThatThrownBy(() -> bedrock.tagResource(r -> r.resourceARN(DEFAULT_ANTHROPIC)
                .tags(Tag.builder().key("k").value("v").build()))).isInstanceOf(ValidationException.class);
    }

    @Test
    void aRepeatedClientRequestTokenAnswersTheFirstRouter() {
        String name = uniqueName("idempotent");
        String first = bedrock.createPromptRouter(router(name, HAIKU, SONNET, SONNET, 5)
                .clientRequestToken("router-token-1").build()).promptRouterArn();
        String again = bedrock.createPromptRouter(router(name, HAIKU, SONNET, SONNET, 5)
                .clientRequestToken("router-token-1").build()).promptRouterArn();

        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> bedrock.createPromptRouter(router(name + "-other", HAIKU, SONNET, SONNET, 5)
                .clientRequestToken("router-token-1").build())).isInstanceOf(ConflictException.class);
    }

    @Test
    void aSecondRouterWithTheSameNameIsAConflict() {
        String name = uniqueName("twice");
        bedrock.createPromptRouter(router(name, HAIKU, SONNET, SONNET, 5).build());

        assertThatThrownBy(() -> bedrock.createPromptRouter(router(name, HAIKU, SONNET, SONNET, 5).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining(name);
    }

    @Test
    void aCallerAllowedOneRouterReadsItAndIsDeniedTheOthersWhetherOrNotTheyExist() {
        String arn = bedrock.createPromptRouter(router(uniqueName("iam"), HAIKU, SONNET, SONNET, 5).build())
                .promptRouterArn();
        dev.outcrop.identity.IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal("router-reader", dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy("router-reader", "p", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "bedrock:GetPromptRouter",
                 "Resource": "%s"}}""".formatted(arn));
        dev.outcrop.identity.IdentityService.NewAccessKey key = identity.createAccessKey("router-reader");
        try (BedrockClient reader = BedrockClient.builder().endpointOverride(outcrop.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key.accessKeyId(),
                                key.secretAccessKey())))
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.builder().build())
                .overrideConfiguration(TestOutcrop.noRetries()).build()) {
            assertThat(reader.getPromptRouter(r -> r.promptRouterArn(arn)).promptRouterArn()).isEqualTo(arn);
            assertThatThrownBy(() -> reader.getPromptRouter(r -> r.promptRouterArn(DEFAULT_ANTHROPIC)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrock.model.AccessDeniedException.class);
            assertThatThrownBy(() -> reader.getPromptRouter(r -> r.promptRouterArn(ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz")))
                    .isInstanceOf(software.amazon.awssdk.services.bedrock.model.AccessDeniedException.class);
            assertThatThrownBy(() -> reader.deletePromptRouter(r -> r.promptRouterArn(arn)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrock.model.AccessDeniedException.class);
            assertThatThrownBy(() -> reader.listPromptRouters(r -> { }))
                    .isInstanceOf(software.amazon.awssdk.services.bedrock.model.AccessDeniedException.class);
        }
    }

    @Test
    void aDefaultRouterCannotBeDeleted() {
        assertThatThrownBy(() -> bedrock.deletePromptRouter(r -> r.promptRouterArn(DEFAULT_ANTHROPIC)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cannot be deleted");
    }

    @Test
    void anUnknownRouterIsNotFound() {
        assertThatThrownBy(() -> bedrock.getPromptRouter(r -> r.promptRouterArn(ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> bedrock.deletePromptRouter(r -> r.promptRouterArn(ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aListingWithATokenNotItsOwnOrAPageSizeOffTheModelsRangeIsRefused() {
        assertThatThrownBy(() -> bedrock.listPromptRouters(r -> r.type(PromptRouterType.CUSTOM).nextToken("not-a-token")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> bedrock.listPromptRouters(r -> r.maxResults(0))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> bedrock.listPromptRouters(r -> r.maxResults(1001)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void untaggingAnUnknownRouterIsNotFound() {
        assertThatThrownBy(() -> bedrock.untagResource(r -> r.resourceARN(ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz")
                .tagKeys("team"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> bedrock.listTagsForResource(r -> r.resourceARN(ACCOUNT_PREFIX
                + "prompt-router/zzzzzzzzzzzz"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void modelsOfTwoProvidersAreRefused() {
        assertThatThrownBy(() -> bedrock.createPromptRouter(router(uniqueName("mixed"), HAIKU, NOVA_PRO, HAIKU, 5).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("same model family");
    }

    @Test
    void aFallbackThatIsNotOneOfTheModelsIsRefused() {
        assertThatThrownBy(() -> bedrock.createPromptRouter(router(uniqueName("fallback"), HAIKU, SONNET, NOVA_PRO, 5).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fallbackModel.modelArn");
    }

    @Test
    void aQualityDifferenceOffTheStepsOfFiveIsRefused() {
        assertThatThrownBy(() -> bedrock.createPromptRouter(router(uniqueName("step"), HAIKU, SONNET, SONNET, 7).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("multiple of 5");
    }

    @Test
    void aQualityDifferenceAboveAHundredIsRefusedByTheModelsRange() {
        assertThatThrownBy(() -> bedrock.createPromptRouter(router(uniqueName("range"), HAIKU, SONNET, SONNET, 105).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("routingCriteria.responseQualityDifference");
    }

    @Test
    void aRouterOfOneModelIsRefused() {
        assertThatThrownBy(() -> bedrock.createPromptRouter(r -> r.promptRouterName(uniqueName("single"))
                .models(PromptRouterTargetModel.builder().modelArn(HAIKU).build())
                .fallbackModel(f -> f.modelArn(HAIKU)).routingCriteria(c -> c.responseQualityDifference(5.0))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("exactly 2 models");
    }

    @Test
    void aModelNotCallableInTheRegionIsRefusedNamingTheMember() {
        String elsewhere = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0";

        assertThatThrownBy(() -> bedrock.createPromptRouter(router(uniqueName("far"), elsewhere, SONNET, SONNET, 5).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("models.1.member.modelArn");
    }
}
