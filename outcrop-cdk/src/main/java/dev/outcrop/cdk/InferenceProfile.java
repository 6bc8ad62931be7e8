package dev.outcrop.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.bedrock.CfnPrompt;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * An application inference profile with inference parameters kept alongside it. Bedrock has no resource holding
 * parameters on a profile, so on AWS this is two resources: the profile, and a Prompt whose single variant names the
 * profile and carries the parameters (Bedrock's way of keeping reusable configuration). Outcrop reads the parameters
 * from the profile's {@value #METADATA_KEY} metadata, which CloudFormation ignores, and applies them to every call
 * through the profile (docs/cdk.md).
 */
public class InferenceProfile extends Construct implements IInferenceProfile, IModelSource {
    public static final String METADATA_KEY = "Outcrop::InferenceConfiguration";
    public static final String VARIANT_NAME = "default";

    private final ApplicationInferenceProfile profile;
    private final CfnPrompt prompt;
    private final InferenceConfiguration inferenceConfiguration;

    public InferenceProfile(Construct scope, String id, InferenceProfileProps props) {
        super(scope, id);
        this.inferenceConfiguration = props.getInferenceConfiguration();
        this.profile = new ApplicationInferenceProfile(this, "Profile", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName(props.getProfileName())
                .description(props.getDescription())
                .modelSource(props.getModelSource())
                .tags(props.getTags())
                .build());
        profile.getCfnResource().addMetadata(METADATA_KEY, storedConfiguration(props));
        this.prompt = CfnPrompt.Builder.create(this, "Prompt")
                .name(promptName(props.getProfileName()))
                .description(props.getDescription())
                .defaultVariant(VARIANT_NAME)
                .variants(List.of(CfnPrompt.PromptVariantProperty.builder()
                        .name(VARIANT_NAME)
                        .templateType("TEXT")
                        .templateConfiguration(CfnPrompt.PromptTemplateConfigurationProperty.builder()
                                .text(CfnPrompt.TextPromptTemplateConfigurationProperty.builder()
                                        .text("{{input}}")
                                        .inputVariables(List.of(CfnPrompt.PromptInputVariableProperty.builder().name("input").build()))
                                        .build())
                                .build())
                        .modelId(profile.getInferenceProfileArn())
                        .inferenceConfiguration(inferenceConfiguration.toPromptInferenceConfiguration())
                        .additionalModelRequestFields(inferenceConfiguration.toAdditionalModelRequestFields())
                        .build()))
                .build();
    }

    /** {"temperature": {"mode": "default", "value": 0.7}, ...}: one entry per parameter the configuration sets. */
    private static Map<String, Object> storedConfiguration(InferenceProfileProps props) {
        var stored = new LinkedHashMap<String, Object>();
        props.getInferenceConfiguration().toMap().forEach((key, value) ->
                stored.put(key, Map.of("mode", props.modeOf(key).getWireName(), "value", value)));
        return stored;
    }

    // A prompt name is ^([0-9a-zA-Z][_-]?){1,100}$: a profile name's spaces become hyphens.
    private String promptName(String profileName) {
        if (Token.isUnresolved(profileName)) {
            return Names.uniqueResourceName(this, UniqueResourceNameOptions.builder().maxLength(100).separator("-").build());
        }
        String name = profileName.replaceAll("[^0-9a-zA-Z]+", "-").replaceAll("^-+", "");
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    public InferenceConfiguration getInferenceConfiguration() {
        return inferenceConfiguration;
    }

    public ApplicationInferenceProfile getApplicationInferenceProfile() {
        return profile;
    }

    public CfnPrompt getPrompt() {
        return prompt;
    }

    public String getPromptArn() {
        return prompt.getAttrArn();
    }

    @Override
    public String getInferenceProfileArn() {
        return profile.getInferenceProfileArn();
    }

    @Override
    public String getInferenceProfileId() {
        return profile.getInferenceProfileId();
    }

    @Override
    public String getInvokableArn() {
        return profile.getInvokableArn();
    }

    @Override
    public void grantInvoke(IGrantable grantee) {
        profile.grantInvoke(grantee);
    }

    @Override
    public void grantProfileUsage(IGrantable grantee) {
        profile.grantProfileUsage(grantee);
    }

    @Override
    public ModelRoute modelRoute(IGrantable grantee) {
        return profile.modelRoute(grantee);
    }
}
