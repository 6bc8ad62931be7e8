package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.BedrockException;
import software.amazon.awssdk.services.bedrock.model.ConflictException;
import software.amazon.awssdk.services.bedrock.model.CreateInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/** The inference-profile control plane through the AWS SDK for Java v2 {@code BedrockClient}. */
class InferenceProfileControlPlaneTest {
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HAIKU_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SYSTEM_ARN_PREFIX = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/";

    @RegisterExtension
    static final OutcropServerExtension server = new OutcropServerExtension();
    static BedrockClient bedrock;

    @BeforeAll
    static void clients() {
        bedrock = server.bedrock();
    }

    private static String create(String name, String copyFrom, Tag... tags) {
        return bedrock.createInferenceProfile(r -> r.inferenceProfileName(name).modelSource(s -> s.copyFrom(copyFrom))
                .tags(tags)).inferenceProfileArn();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void listingWithoutATypeReturnsOnlySystemDefinedProfiles() {
        create(uniqueName("hidden-from-default-listing"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE);

        ListInferenceProfilesResponse page = bedrock.listInferenceProfiles(r -> { });

        assertThat(page.inferenceProfileSummaries()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.type()).isEqualTo(InferenceProfileType.SYSTEM_DEFINED));
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void aSystemProfileShowsTheDestinationsOfTheSigningRegion() {
        GetInferenceProfileResponse fromEast2 = server.bedrock(Region.US_EAST_2)
                .getInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE));
        GetInferenceProfileResponse fromWest2 = server.bedrock(Region.US_WEST_2)
                .getInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE));

        assertThat(fromEast2.inferenceProfileArn())
                .isEqualTo("arn:aws:bedrock:us-east-2:123456789012:inference-profile/" + HAIKU_PROFILE);
        assertThat(fromEast2.models()).extracting(InferenceProfileModel::modelArn).containsExactly(
                "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU_MODEL,
                "arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU_MODEL,
                "arn:aws:bedrock:us-east-2::foundation-model/" + HAIKU_MODEL);
        assertThat(fromWest2.models()).hasSize(2);
        assertThat(fromEast2.statusAsString()).isEqualTo("ACTIVE");
        assertThat(fromEast2.description()).startsWith("Routes requests to");
    }

    @Test
    void aGeoProfileIsNotOfferedOutsideItsGeography() {
        BedrockClient eu = server.bedrock(Region.EU_WEST_1);

        assertThatThrownBy(() -> eu.getInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(eu.listInferenceProfiles(r -> { }).inferenceProfileSummaries())
                .extracting(InferenceProfileSummary::inferenceProfileId)
                .noneMatch(id -> id.startsWith("us."))
                .anyMatch(id -> id.startsWith("eu."));
    }

    @Test
    void systemProfilesPageWithoutRepeatsOrGaps() {
        List<String> all = bedrock.listInferenceProfiles(r -> { }).inferenceProfileSummaries().stream()
                .map(InferenceProfileSummary::inferenceProfileId).toList();

        List<String> paged = new ArrayList<>();
        bedrock.listInferenceProfilesPaginator(r -> r.maxResults(7)).inferenceProfileSummaries()
                .forEach(p -> paged.add(p.inferenceProfileId()));

        assertThat(all).hasSizeGreaterThan(20);
        assertThat(paged).containsExactlyElementsOf(all);
    }

    @Test
    void anApplicationPageTokenStaysValidWhileProfilesAreCreatedAndDeleted() {
        BedrockClient client = server.bedrock(Region.AP_NORTHEAST_1);
        String model = "arn:aws:bedrock:ap-northeast-1::foundation-model/" + HAIKU_MODEL;
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = uniqueName("paging-" + i);
            arns.add(client.createInferenceProfile(r -> r.inferenceProfileName(name)
                    .modelSource(s -> s.copyFrom(model))).inferenceProfileArn());
        }

        ListInferenceProfilesResponse first = client.listInferenceProfiles(r -> r.typeEquals(InferenceProfileType.APPLICATION)
                .maxResults(2));
        client.deleteInferenceProfile(r -> r.inferenceProfileIdentifier(arns.get(3)));
        String late = uniqueName("paging-late");
        String lateArn = client.createInferenceProfile(r -> r.inferenceProfileName(late)
                .modelSource(s -> s.copyFrom(model))).inferenceProfileArn();
        List<String> seen = new ArrayList<>(first.inferenceProfileSummaries().stream()
                .map(InferenceProfileSummary::inferenceProfileArn).toList());
        String token = first.nextToken();
        while (token != null) {
            String current = token;
            ListInferenceProfilesResponse page = client.listInferenceProfiles(r -> r.typeEquals(InferenceProfileType.APPLICATION)
                    .maxResults(2).nextToken(current));
            page.inferenceProfileSummaries().forEach(p -> seen.add(p.inferenceProfileArn()));
            token = page.nextToken();
        }

        assertThat(seen).doesNotHaveDuplicates()
                .containsSubsequence(arns.get(0), arns.get(1), arns.get(2), arns.get(4), lateArn)
                .doesNotContain(arns.get(3));
    }

    @Test
    void aPageTokenOfAnotherListingIsRejected() {
        String systemToken = bedrock.listInferenceProfiles(r -> r.maxResults(1)).nextToken();

        assertThatThrownBy(() -> bedrock.listInferenceProfiles(r -> r.typeEquals(InferenceProfileType.APPLICATION)
                .nextToken(systemToken)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("nextToken is not valid");
        assertThatThrownBy(() -> bedrock.listInferenceProfiles(r -> r.nextToken("bm90LWEtdG9rZW4")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void maxResultsOutsideItsRangeIsAValidationError() {
        assertThatThrownBy(() -> bedrock.listInferenceProfiles(r -> r.maxResults(0)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("1 validation error detected: Value '0' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 1");
        assertThatThrownBy(() -> bedrock.listInferenceProfiles(r -> r.maxResults(1001)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have value less than or equal to 1000");
    }

    @Test
    void aSystemProfileIsReadByIdAndByArn() {
        GetInferenceProfileResponse byId = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE));
        GetInferenceProfileResponse byArn = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(
                SYSTEM_ARN_PREFIX + HAIKU_PROFILE));

        assertThat(byArn.toString()).isEqualTo(byId.toString());
        assertThat(byArn.models()).isEqualTo(byId.models());
        assertThat(byId.inferenceProfileName()).isEqualTo("US Anthropic Claude 3 Haiku");
        assertThat(byId.type()).isEqualTo(InferenceProfileType.SYSTEM_DEFINED);
    }

    @Test
    void anApplicationProfileCopiedFromASystemProfileRoutesToItsModels() {
        String name = uniqueName("team-a");
        CreateInferenceProfileResponse created = bedrock.createInferenceProfile(r -> r.inferenceProfileName(name)
                .description("Team A: Customer Service")
                .modelSource(s -> s.copyFrom(SYSTEM_ARN_PREFIX + HAIKU_PROFILE))
                .tags(Tag.builder().key("team").value("a").build()));

        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.statusAsString()).isEqualTo("ACTIVE");
        assertThat(created.inferenceProfileArn())
                .matches("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/[a-z0-9]{12}");
        GetInferenceProfileResponse profile = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(
                created.inferenceProfileArn()));
        GetInferenceProfileResponse source = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE));
        assertThat(profile.type()).isEqualTo(InferenceProfileType.APPLICATION);
        assertThat(profile.inferenceProfileName()).isEqualTo(name);
        assertThat(profile.description()).isEqualTo("Team A: Customer Service");
        assertThat(profile.models()).isEqualTo(source.models());
        assertThat(profile.createdAt()).isEqualTo(profile.updatedAt()).isNotNull();
        assertThat(bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(profile.inferenceProfileId()))
                .toString()).isEqualTo(profile.toString());
        assertThat(bedrock.listTagsForResource(r -> r.resourceARN(created.inferenceProfileArn())).tags())
                .containsExactly(Tag.builder().key("team").value("a").build());
    }

    @Test
    void anApplicationProfileCopiedFromAFoundationModelRoutesToThatModelOnly() {
        String modelArn = "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU_MODEL;
        String arn = create(uniqueName("single-region"), modelArn);

        assertThat(bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)).models())
                .extracting(InferenceProfileModel::modelArn).containsExactly(modelArn);
    }

    @Test
    void aSystemProfileArnOfAnyAccountNamesTheSameProfile() {
        String arn = create(uniqueName("notebook-style"),
                "arn:aws:bedrock:us-east-1:058264544288:inference-profile/us.amazon.nova-2-lite-v1:0");

        assertThat(bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)).models()).hasSize(3);
    }

    @Test
    void repeatingACreateWithTheSameTokenAnswersTheFirstResult() {
        String name = uniqueName("idempotent");
        String first = bedrock.createInferenceProfile(r -> r.inferenceProfileName(name).clientRequestToken("token-" + name)
                .modelSource(s -> s.copyFrom(SYSTEM_ARN_PREFIX + HAIKU_PROFILE))).inferenceProfileArn();
        String again = bedrock.createInferenceProfile(r -> r.inferenceProfileName(name).clientRequestToken("token-" + name)
                .modelSource(s -> s.copyFrom(SYSTEM_ARN_PREFIX + HAIKU_PROFILE))).inferenceProfileArn();

        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> bedrock.createInferenceProfile(r -> r.inferenceProfileName(name + "-other")
                .clientRequestToken("token-" + name).modelSource(s -> s.copyFrom(SYSTEM_ARN_PREFIX + HAIKU_PROFILE))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("was already used");
    }

    @Test
    void aSecondProfileWithTheSameNameIsAConflict() {
        String name = uniqueName("taken");
        create(name, SYSTEM_ARN_PREFIX + HAIKU_PROFILE);

        assertThatThrownBy(() -> create(name, SYSTEM_ARN_PREFIX + HAIKU_PROFILE))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void theSameNameMayBeUsedInAnotherRegion() {
        String name = uniqueName("per-region");
        create(name, SYSTEM_ARN_PREFIX + HAIKU_PROFILE);

        String west = server.bedrock(Region.US_WEST_2).createInferenceProfile(r -> r.inferenceProfileName(name)
                .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-west-2:123456789012:inference-profile/" + HAIKU_PROFILE)))
                .inferenceProfileArn();

        assertThat(west).startsWith("arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/");
        assertThatThrownBy(() -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(west)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aDescriptionWithTwoSeparatorsInARowBreaksTheModelsPattern() {
        assertThatThrownBy(() -> bedrock.createInferenceProfile(r -> r.inferenceProfileName(uniqueName("desc"))
                .description("Team A - Customer Service").modelSource(s -> s.copyFrom(SYSTEM_ARN_PREFIX + HAIKU_PROFILE))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'description' failed to satisfy constraint: Member must satisfy regular "
                        + "expression pattern: ^([0-9a-zA-Z:.][ _-]?)+$");
    }

    @Test
    void everyConstraintOfTheNameAndDescriptionIsReportedAtOnce() {
        assertThatThrownBy(() -> bedrock.createInferenceProfile(r -> r.inferenceProfileName("bad name!")
                .description("x".repeat(201)).modelSource(s -> s.copyFrom(SYSTEM_ARN_PREFIX + HAIKU_PROFILE))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("2 validation errors detected: ")
                .hasMessageContaining("Value 'bad name!' at 'inferenceProfileName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: ^([0-9a-zA-Z][ _-]?)+$")
                .hasMessageContaining("Value '*** Sensitive Data Redacted ***' at 'description' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 200");
        assertThatThrownBy(() -> create("n".repeat(65), SYSTEM_ARN_PREFIX + HAIKU_PROFILE))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length less than or equal to 64");
    }

    @Test
    void aMissingModelSourceIsAValidationError() {
        assertThatThrownBy(() -> bedrock.createInferenceProfile(r -> r.inferenceProfileName(uniqueName("no-source"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value null at 'modelSource' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aModelSourceThatIsNotAModelOrSystemProfileArnIsRejected() {
        assertThatThrownBy(() -> create(uniqueName("bad-source"), "anthropic.claude-3-haiku"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'modelSource.copyFrom'");
        String appArn = create(uniqueName("app-source"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE);
        assertThatThrownBy(() -> create(uniqueName("copy-of-app"), appArn))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aModelSourceInAnotherRegionOrUnknownIsRejected() {
        assertThatThrownBy(() -> create(uniqueName("other-region"),
                "arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU_MODEL))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is in region 'us-west-2'");
        assertThatThrownBy(() -> create(uniqueName("unknown-model"),
                "arn:aws:bedrock:us-east-1::foundation-model/acme.no-such-model-v1:0"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> create(uniqueName("unknown-profile"), SYSTEM_ARN_PREFIX + "us.acme.nothing-v1:0"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aModelThatOnlyRunsThroughProfilesCannotBeCopiedDirectly() {
        assertThatThrownBy(() -> create(uniqueName("profile-only"),
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("can only be called through an inference profile");
    }

    @Test
    void tagsOverTheLimitOrWithTheReservedPrefixAreRejectedOnCreate() {
        Tag[] tooMany = IntStream.range(0, 201).mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
                .toArray(Tag[]::new);
        assertThatThrownBy(() -> create(uniqueName("too-many-tags"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE, tooMany))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200");
        assertThatThrownBy(() -> create(uniqueName("reserved"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE,
                Tag.builder().key("aws:cost").value("1").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> create(uniqueName("bad-key"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE,
                Tag.builder().key("k".repeat(129)).value("v").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'tags.1.member.key' failed to satisfy constraint: Member must have length "
                        + "less than or equal to 128");
    }

    @Test
    void aDeletedProfileIsGoneAndItsNameIsFreeAgain() {
        String name = uniqueName("short-lived");
        String arn = create(name, SYSTEM_ARN_PREFIX + HAIKU_PROFILE);

        bedrock.deleteInferenceProfile(r -> r.inferenceProfileIdentifier(arn));

        assertThatThrownBy(() -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> bedrock.deleteInferenceProfile(r -> r.inferenceProfileIdentifier(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(create(name, SYSTEM_ARN_PREFIX + HAIKU_PROFILE)).isNotEqualTo(arn);
    }

    @Test
    void aSystemDefinedProfileCannotBeDeleted() {
        assertThatThrownBy(() -> bedrock.deleteInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("system-defined");
    }

    @Test
    void anErrorCarriesItsTypeAndARequestId() {
        BedrockException error = (BedrockException) org.assertj.core.api.Assertions.catchThrowable(() ->
                bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier("us.acme.nothing-v1:0")));

        assertThat(error).isInstanceOf(ResourceNotFoundException.class);
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(error.requestId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void tagsAreAddedOverwrittenListedAndRemoved() {
        String arn = create(uniqueName("tagged"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE,
                Tag.builder().key("team").value("a").build());

        bedrock.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("team").value("b").build(),
                Tag.builder().key("cost-center").value("42").build()));
        bedrock.untagResource(r -> r.resourceARN(arn).tagKeys("cost-center", "absent"));
        bedrock.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("env").value("").build()));

        assertThat(bedrock.listTagsForResource(r -> r.resourceARN(arn)).tags()).containsExactly(
                Tag.builder().key("env").value("").build(), Tag.builder().key("team").value("b").build());
    }

    @Test
    void aResourceMayNotExceedTwoHundredTags() {
        String arn = create(uniqueName("full"), SYSTEM_ARN_PREFIX + HAIKU_PROFILE,
                IntStream.range(0, 150).mapToObj(i -> Tag.builder().key("a" + i).value("v").build()).toArray(Tag[]::new));

        assertThatThrownBy(() -> bedrock.tagResource(r -> r.resourceARN(arn).tags(IntStream.range(0, 51)
                .mapToObj(i -> Tag.builder().key("b" + i).value("v").build()).toList())))
                .isInstanceOf(software.amazon.awssdk.services.bedrock.model.TooManyTagsException.class)
                .satisfies(e -> assertThat(((BedrockException) e).statusCode()).isEqualTo(400));
        assertThat(bedrock.listTagsForResource(r -> r.resourceARN(arn)).tags()).hasSize(150);
        bedrock.tagResource(r -> r.resourceARN(arn).tags(IntStream.range(0, 50)
                .mapToObj(i -> Tag.builder().key("b" + i).value("v").build()).toList()));
        assertThat(bedrock.listTagsForResource(r -> r.resourceARN(arn)).tags()).hasSize(200);
    }

    @Test
    void taggingAnUnknownOrSystemResourceFails() {
        String unknown = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzzzzzzzzzzz";
        assertThatThrownBy(() -> bedrock.listTagsForResource(r -> r.resourceARN(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> bedrock.tagResource(r -> r.resourceARN(SYSTEM_ARN_PREFIX + HAIKU_PROFILE)
                .tags(Tag.builder().key("k").value("v").build())))
                .isInstanceOf(ValidationException.class);
        assertThat(bedrock.listTagsForResource(r -> r.resourceARN(SYSTEM_ARN_PREFIX + HAIKU_PROFILE)).tags()).isEmpty();
    }

    @Test
    void profileIdsAreUniqueAcrossManyCreates() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(create(uniqueName("many-" + i), SYSTEM_ARN_PREFIX + HAIKU_PROFILE));
        }
        assertThat(ids).hasSize(20);
    }
}
