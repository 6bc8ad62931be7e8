package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelDetails;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceType;
import software.amazon.awssdk.services.bedrock.model.ModelModality;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/** {@code ListFoundationModels} and {@code GetFoundationModel} through the AWS SDK for Java v2. */
class FoundationModelControlPlaneTest {
    @RegisterExtension
    static final OutcropServerExtension server = new OutcropServerExtension();
    static BedrockClient bedrock;

    @BeforeAll
    static void clients() {
        bedrock = server.bedrock();
    }

    @Test
    void listsTheModelsOfTheSigningRegionWithTheirArns() {
        var models = bedrock.listFoundationModels(r -> { }).modelSummaries();

        assertThat(models).extracting(FoundationModelSummary::modelId)
                .contains("anthropic.claude-3-haiku-20240307-v1:0", "amazon.nova-lite-v1:0",
                        "amazon.titan-text-express-v1", "meta.llama3-1-70b-instruct-v1:0",
                        "mistral.mistral-7b-instruct-v0:2");
        assertThat(models).allSatisfy(m -> assertThat(m.modelArn())
                .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + m.modelId()));
        assertThat(server.bedrock(Region.EU_WEST_3).listFoundationModels(r -> { }).modelSummaries())
                .extracting(FoundationModelSummary::modelId)
                .doesNotContain("amazon.titan-text-lite-v1")
                .contains("mistral.mistral-7b-instruct-v0:2");
    }

    @Test
    void filtersByProviderModalityAndInferenceType() {
        assertThat(bedrock.listFoundationModels(r -> r.byProvider("anthropic")).modelSummaries())
                .isNotEmpty().allSatisfy(m -> assertThat(m.providerName()).isEqualTo("Anthropic"));
        assertThat(bedrock.listFoundationModels(r -> r.byOutputModality(ModelModality.EMBEDDING)).modelSummaries())
                .isNotEmpty().allSatisfy(m -> assertThat(m.outputModalities()).contains(ModelModality.EMBEDDING));
        assertThat(bedrock.listFoundationModels(r -> r.byInferenceType(InferenceType.ON_DEMAND)).modelSummaries())
                .extracting(FoundationModelSummary::modelId)
                .contains("anthropic.claude-3-haiku-20240307-v1:0")
                .doesNotContain("anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void anUnknownFilterValueIsAValidationError() {
        assertThatThrownBy(() -> bedrock.listFoundationModels(r -> r.byOutputModality("SMELL")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]");
    }

    @Test
    void readsAModelByIdAndByArn() {
        FoundationModelDetails byId = bedrock.getFoundationModel(r -> r.modelIdentifier("amazon.nova-pro-v1:0"))
                .modelDetails();
        FoundationModelDetails byArn = bedrock.getFoundationModel(r -> r.modelIdentifier(
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0")).modelDetails();

        assertThat(byArn).isEqualTo(byId);
        assertThat(byId.providerName()).isEqualTo("Amazon");
        assertThat(byId.responseStreamingSupported()).isTrue();
        assertThat(byId.modelLifecycle().statusAsString()).isEqualTo("ACTIVE");
    }

    @Test
    void anUnknownModelIsAValidationError() {
        assertThatThrownBy(() -> bedrock.getFoundationModel(r -> r.modelIdentifier("acme.nothing-v1:0")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The provided model identifier is invalid");
    }
}
