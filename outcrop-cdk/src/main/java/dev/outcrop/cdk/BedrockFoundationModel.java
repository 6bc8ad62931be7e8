package dev.outcrop.cdk;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IGrantable;

/**
 * A Bedrock foundation model in the stack's Region, usable as a profile's model source. The constants are generated
 * from the system inference profile catalog by scripts/cdk-catalog.py: do not edit them by hand.
 */
public final class BedrockFoundationModel implements IModelSource {
    // Bedrock's model identifier: provider.name, optionally a :version (the Smithy model's FoundationModelIdentifier).
    private static final Pattern MODEL_ID = Pattern.compile("^[a-z0-9-]{1,63}[.][a-z0-9.:-]{1,200}$");

    /** amazon.nova-2-lite-v1:0 */
    public static final BedrockFoundationModel AMAZON_NOVA_2_LITE_V1_0 = new BedrockFoundationModel("amazon.nova-2-lite-v1:0");
    /** amazon.nova-lite-v1:0 */
    public static final BedrockFoundationModel AMAZON_NOVA_LITE_V1_0 = new BedrockFoundationModel("amazon.nova-lite-v1:0");
    /** amazon.nova-micro-v1:0 */
    public static final BedrockFoundationModel AMAZON_NOVA_MICRO_V1_0 = new BedrockFoundationModel("amazon.nova-micro-v1:0");
    /** amazon.nova-premier-v1:0 */
    public static final BedrockFoundationModel AMAZON_NOVA_PREMIER_V1_0 = new BedrockFoundationModel("amazon.nova-premier-v1:0");
    /** amazon.nova-pro-v1:0 */
    public static final BedrockFoundationModel AMAZON_NOVA_PRO_V1_0 = new BedrockFoundationModel("amazon.nova-pro-v1:0");
    /** anthropic.claude-3-5-haiku-20241022-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_5_HAIKU_V1_0 = new BedrockFoundationModel("anthropic.claude-3-5-haiku-20241022-v1:0");
    /** anthropic.claude-3-5-sonnet-20240620-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_5_SONNET_V1_0 = new BedrockFoundationModel("anthropic.claude-3-5-sonnet-20240620-v1:0");
    /** anthropic.claude-3-5-sonnet-20241022-v2:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_5_SONNET_V2_0 = new BedrockFoundationModel("anthropic.claude-3-5-sonnet-20241022-v2:0");
    /** anthropic.claude-3-7-sonnet-20250219-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_7_SONNET_V1_0 = new BedrockFoundationModel("anthropic.claude-3-7-sonnet-20250219-v1:0");
    /** anthropic.claude-3-haiku-20240307-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_HAIKU_V1_0 = new BedrockFoundationModel("anthropic.claude-3-haiku-20240307-v1:0");
    /** anthropic.claude-3-opus-20240229-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_OPUS_V1_0 = new BedrockFoundationModel("anthropic.claude-3-opus-20240229-v1:0");
    /** anthropic.claude-3-sonnet-20240229-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_3_SONNET_V1_0 = new BedrockFoundationModel("anthropic.claude-3-sonnet-20240229-v1:0");
    /** anthropic.claude-haiku-4-5-20251001-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_HAIKU_4_5_V1_0 = new BedrockFoundationModel("anthropic.claude-haiku-4-5-20251001-v1:0");
    /** anthropic.claude-3-haiku-20240307-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_HAIKU_V1_0 = new BedrockFoundationModel("anthropic.claude-3-haiku-20240307-v1:0");
    /** anthropic.claude-opus-4-1-20250805-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_OPUS_4_1_V1_0 = new BedrockFoundationModel("anthropic.claude-opus-4-1-20250805-v1:0");
    /** anthropic.claude-opus-4-5-20251101-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_OPUS_4_5_V1_0 = new BedrockFoundationModel("anthropic.claude-opus-4-5-20251101-v1:0");
    /** anthropic.claude-opus-4-6-v1 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_OPUS_4_6_V1 = new BedrockFoundationModel("anthropic.claude-opus-4-6-v1");
    /** anthropic.claude-opus-4-20250514-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_OPUS_4_V1_0 = new BedrockFoundationModel("anthropic.claude-opus-4-20250514-v1:0");
    /** anthropic.claude-3-opus-20240229-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_OPUS_V1_0 = new BedrockFoundationModel("anthropic.claude-3-opus-20240229-v1:0");
    /** anthropic.claude-sonnet-4-5-20250929-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_SONNET_4_5_V1_0 = new BedrockFoundationModel("anthropic.claude-sonnet-4-5-20250929-v1:0");
    /** anthropic.claude-sonnet-4-6 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_SONNET_4_6 = new BedrockFoundationModel("anthropic.claude-sonnet-4-6");
    /** anthropic.claude-sonnet-4-20250514-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_SONNET_4_V1_0 = new BedrockFoundationModel("anthropic.claude-sonnet-4-20250514-v1:0");
    /** anthropic.claude-3-sonnet-20240229-v1:0 */
    public static final BedrockFoundationModel ANTHROPIC_CLAUDE_SONNET_V1_0 = new BedrockFoundationModel("anthropic.claude-3-sonnet-20240229-v1:0");
    /** cohere.embed-v4:0 */
    public static final BedrockFoundationModel COHERE_EMBED_V4_0 = new BedrockFoundationModel("cohere.embed-v4:0");
    /** deepseek.r1-v1:0 */
    public static final BedrockFoundationModel DEEPSEEK_R1_V1_0 = new BedrockFoundationModel("deepseek.r1-v1:0");
    /** meta.llama3-1-405b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_1_405B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-1-405b-instruct-v1:0");
    /** meta.llama3-1-70b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_1_70B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-1-70b-instruct-v1:0");
    /** meta.llama3-1-8b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_1_8B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-1-8b-instruct-v1:0");
    /** meta.llama3-2-11b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_2_11B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-2-11b-instruct-v1:0");
    /** meta.llama3-2-1b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_2_1B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-2-1b-instruct-v1:0");
    /** meta.llama3-2-3b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_2_3B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-2-3b-instruct-v1:0");
    /** meta.llama3-2-90b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_2_90B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-2-90b-instruct-v1:0");
    /** meta.llama3-3-70b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA3_3_70B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama3-3-70b-instruct-v1:0");
    /** meta.llama4-maverick-17b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA4_MAVERICK_17B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama4-maverick-17b-instruct-v1:0");
    /** meta.llama4-scout-17b-instruct-v1:0 */
    public static final BedrockFoundationModel META_LLAMA4_SCOUT_17B_INSTRUCT_V1_0 = new BedrockFoundationModel("meta.llama4-scout-17b-instruct-v1:0");
    /** mistral.pixtral-large-2502-v1:0 */
    public static final BedrockFoundationModel MISTRAL_PIXTRAL_LARGE_2502_V1_0 = new BedrockFoundationModel("mistral.pixtral-large-2502-v1:0");
    /** stability.stable-conservative-upscale-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_CONSERVATIVE_UPSCALE_V1_0 = new BedrockFoundationModel("stability.stable-conservative-upscale-v1:0");
    /** stability.stable-creative-upscale-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_CREATIVE_UPSCALE_V1_0 = new BedrockFoundationModel("stability.stable-creative-upscale-v1:0");
    /** stability.stable-fast-upscale-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_FAST_UPSCALE_V1_0 = new BedrockFoundationModel("stability.stable-fast-upscale-v1:0");
    /** stability.stable-image-control-sketch-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_CONTROL_SKETCH_V1_0 = new BedrockFoundationModel("stability.stable-image-control-sketch-v1:0");
    /** stability.stable-image-control-structure-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_CONTROL_STRUCTURE_V1_0 = new BedrockFoundationModel("stability.stable-image-control-structure-v1:0");
    /** stability.stable-image-erase-object-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_ERASE_OBJECT_V1_0 = new BedrockFoundationModel("stability.stable-image-erase-object-v1:0");
    /** stability.stable-image-inpaint-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_INPAINT_V1_0 = new BedrockFoundationModel("stability.stable-image-inpaint-v1:0");
    /** stability.stable-image-remove-background-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_REMOVE_BACKGROUND_V1_0 = new BedrockFoundationModel("stability.stable-image-remove-background-v1:0");
    /** stability.stable-image-search-recolor-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_SEARCH_RECOLOR_V1_0 = new BedrockFoundationModel("stability.stable-image-search-recolor-v1:0");
    /** stability.stable-image-search-replace-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_SEARCH_REPLACE_V1_0 = new BedrockFoundationModel("stability.stable-image-search-replace-v1:0");
    /** stability.stable-image-style-guide-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_IMAGE_STYLE_GUIDE_V1_0 = new BedrockFoundationModel("stability.stable-image-style-guide-v1:0");
    /** stability.stable-outpaint-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_OUTPAINT_V1_0 = new BedrockFoundationModel("stability.stable-outpaint-v1:0");
    /** stability.stable-style-transfer-v1:0 */
    public static final BedrockFoundationModel STABILITY_STABLE_STYLE_TRANSFER_V1_0 = new BedrockFoundationModel("stability.stable-style-transfer-v1:0");
    /** twelvelabs.marengo-embed-2-7-v1:0 */
    public static final BedrockFoundationModel TWELVELABS_MARENGO_EMBED_2_7_V1_0 = new BedrockFoundationModel("twelvelabs.marengo-embed-2-7-v1:0");
    /** twelvelabs.marengo-embed-3-0-v1:0 */
    public static final BedrockFoundationModel TWELVELABS_MARENGO_EMBED_3_0_V1_0 = new BedrockFoundationModel("twelvelabs.marengo-embed-3-0-v1:0");
    /** twelvelabs.pegasus-1-2-v1:0 */
    public static final BedrockFoundationModel TWELVELABS_PEGASUS_1_2_V1_0 = new BedrockFoundationModel("twelvelabs.pegasus-1-2-v1:0");
    /** writer.palmyra-x4-v1:0 */
    public static final BedrockFoundationModel WRITER_PALMYRA_X4_V1_0 = new BedrockFoundationModel("writer.palmyra-x4-v1:0");
    /** writer.palmyra-x5-v1:0 */
    public static final BedrockFoundationModel WRITER_PALMYRA_X5_V1_0 = new BedrockFoundationModel("writer.palmyra-x5-v1:0");

    private final String modelId;

    private BedrockFoundationModel(String modelId) {
        this.modelId = modelId;
    }

    /** A model that has no constant here; its id is checked against Bedrock's model identifier pattern. */
    public static BedrockFoundationModel fromModelId(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        if (!MODEL_ID.matcher(modelId).matches()) {
            throw new IllegalArgumentException("modelId '" + modelId + "' is not a Bedrock model identifier (provider.model, e.g. amazon.nova-lite-v1:0)");
        }
        return new BedrockFoundationModel(modelId);
    }

    public String getModelId() {
        return modelId;
    }

    /** The model's ARN in the Region of the stack that uses it. */
    public String getModelArn() {
        return modelArnIn(Aws.REGION);
    }

    String modelArnIn(String region) {
        return "arn:" + Aws.PARTITION + ":bedrock:" + region + "::foundation-model/" + modelId;
    }

    @Override
    public String getInvokableArn() {
        return getModelArn();
    }

    @Override
    public void grantInvoke(IGrantable grantee) {
        InvokeGrants.grant(grantee, modelRoute(grantee));
    }

    @Override
    public ModelRoute modelRoute(IGrantable grantee) {
        return new ModelRoute(List.of(), List.of(getModelArn()));
    }

    @Override
    public String toString() {
        return modelId;
    }
}
