package dev.outcrop.cdk;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnMapping;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The model's cross-Region profile of the deployment Region's geography when the stack does not state its Region: a
 * CfnMapping from every source Region the catalog knows for the model to the geography chosen there, looked up with
 * AWS::Region at deploy time (a Region outside the mapping fails the deployment, not the call). The destination Regions
 * are unknown at synth time, so the model is granted in any Region, still only through the profiles.
 */
final class GeographyMappedProfile implements IModelSource {
    private final BedrockFoundationModel model;
    private final String profileArn;

    private GeographyMappedProfile(BedrockFoundationModel model, String profileArn) {
        this.model = model;
        this.profileArn = profileArn;
    }

    static GeographyMappedProfile of(Construct scope, BedrockFoundationModel model) {
        var catalog = SystemInferenceProfileCatalog.get();
        Map<String, Map<String, Object>> geographyByRegion = new TreeMap<>();
        for (String region : catalog.sourceRegionsOf(model.getModelId())) {
            catalog.geographyFor(model.getModelId(), region)
                    .ifPresent(geo -> geographyByRegion.put(region, Map.of("geo", geo.getPrefix())));
        }
        if (geographyByRegion.isEmpty()) {
            throw new IllegalArgumentException("bedrockModelId " + model.getModelId() + " has no cross-Region inference profile in any geography; "
                    + "set deployCrossRegionProfile(false) for a single-Region profile");
        }
        var mapping = CfnMapping.Builder.create(scope, "GeographyByRegion").mapping(Map.copyOf(geographyByRegion)).build();
        String profileArn = "arn:" + Aws.PARTITION + ":bedrock:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":inference-profile/"
                + mapping.findInMap(Aws.REGION, "geo") + "." + model.getModelId();
        return new GeographyMappedProfile(model, profileArn);
    }

    @Override
    public String getInvokableArn() {
        return profileArn;
    }

    @Override
    public void grantInvoke(IGrantable grantee) {
        InvokeGrants.grant(grantee, modelRoute(grantee));
    }

    @Override
    public ModelRoute modelRoute(IGrantable grantee) {
        return new ModelRoute(List.of(profileArn), SystemInferenceProfileCatalog.ANY_REGION.stream().map(model::modelArnIn).toList());
    }
}
