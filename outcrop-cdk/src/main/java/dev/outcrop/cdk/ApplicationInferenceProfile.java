package dev.outcrop.cdk;

import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfile;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * An application inference profile (AWS::Bedrock::ApplicationInferenceProfile): a profile of the account's own that
 * copies a foundation model (one Region) or a system-defined cross-Region profile (its geography), for cost tracking.
 */
public class ApplicationInferenceProfile extends Construct implements IInferenceProfile, IModelSource {
    private final CfnApplicationInferenceProfile resource;
    private final IModelSource modelSource;

    public ApplicationInferenceProfile(Construct scope, String id, ApplicationInferenceProfileProps props) {
        super(scope, id);
        this.modelSource = props.getModelSource();
        this.resource = CfnApplicationInferenceProfile.Builder.create(this, "Resource")
                .inferenceProfileName(props.getInferenceProfileName())
                .description(props.getDescription())
                .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder()
                        .copyFrom(modelSource.getInvokableArn()).build())
                .tags(props.getTags().isEmpty() ? null : props.getTags())
                .build();
    }

    /** A profile created elsewhere, by its ARN and identifier; its grants reach any model through it. */
    public static IInferenceProfile fromApplicationInferenceProfileAttributes(Construct scope, String id,
            ApplicationInferenceProfileAttributes attributes) {
        return new ImportedApplicationInferenceProfile(scope, id, attributes.getInferenceProfileArn(),
                ProfileArns.idOf(attributes.getInferenceProfileIdentifier()), null);
    }

    /** A profile declared with the L1 construct; its grants follow its copyFrom when that is a literal ARN. */
    public static IInferenceProfile fromCfnApplicationInferenceProfile(CfnApplicationInferenceProfile cfn) {
        String copyFrom = null;
        Object source = cfn.getModelSource();
        if (source instanceof CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty property) {
            copyFrom = property.getCopyFrom();
        } else if (source != null && Stack.of(cfn).resolve(source) instanceof Map<?, ?> resolved
                && resolved.get("copyFrom") instanceof String literal) {
            // jsii hands the struct back as a plain object.
            copyFrom = literal;
        }
        // Importing the same resource twice gives the same construct (a second child "Imported" would collide).
        if (cfn.getNode().tryFindChild("Imported") instanceof IInferenceProfile existing) {
            return existing;
        }
        return new ImportedApplicationInferenceProfile(cfn, "Imported", cfn.getAttrInferenceProfileArn(),
                cfn.getAttrInferenceProfileId(), copyFrom);
    }

    public CfnApplicationInferenceProfile getCfnResource() {
        return resource;
    }

    public IModelSource getModelSource() {
        return modelSource;
    }

    @Override
    public String getInferenceProfileArn() {
        return resource.getAttrInferenceProfileArn();
    }

    @Override
    public String getInferenceProfileId() {
        return resource.getAttrInferenceProfileId();
    }

    /** The profile's identifier (its ARN), as Bedrock calls accept it. */
    public String getInferenceProfileIdentifier() {
        return resource.getAttrInferenceProfileIdentifier();
    }

    public String getInferenceProfileName() {
        return resource.getInferenceProfileName();
    }

    public String getStatus() {
        return resource.getAttrStatus();
    }

    public String getType() {
        return resource.getAttrType();
    }

    public String getCreatedAt() {
        return resource.getAttrCreatedAt();
    }

    public String getUpdatedAt() {
        return resource.getAttrUpdatedAt();
    }

    @Override
    public String getInvokableArn() {
        return getInferenceProfileArn();
    }

    @Override
    public void grantInvoke(IGrantable grantee) {
        InvokeGrants.grant(grantee, modelRoute(grantee));
    }

    @Override
    public void grantProfileUsage(IGrantable grantee) {
        grantInvoke(grantee);
        InvokeGrants.grantProfileReads(grantee, getInferenceProfileArn());
    }

    @Override
    public ModelRoute modelRoute(IGrantable grantee) {
        return modelSource.modelRoute(grantee).through(getInferenceProfileArn());
    }
}
