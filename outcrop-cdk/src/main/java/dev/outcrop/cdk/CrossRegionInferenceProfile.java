package dev.outcrop.cdk;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IGrantable;

/**
 * A system-defined (cross-Region) inference profile, e.g. us.anthropic.claude-3-5-sonnet-20241022-v2:0. It exists in
 * every account; {@link #fromConfig} checks against Bedrock's catalog that it exists at all.
 */
public final class CrossRegionInferenceProfile implements IInferenceProfile, IModelSource {
    private final SystemInferenceProfileCatalog.SystemProfile profile;
    private final BedrockFoundationModel model;

    private CrossRegionInferenceProfile(SystemInferenceProfileCatalog.SystemProfile profile, BedrockFoundationModel model) {
        this.profile = profile;
        this.model = model;
    }

    public static CrossRegionInferenceProfile fromConfig(CrossRegionInferenceProfileProps config) {
        return fromConfig(config.getGeoRegion(), config.getModel());
    }

    /** The geography's profile for the model; an error naming the geographies the model has if there is none. */
    public static CrossRegionInferenceProfile fromConfig(CrossRegionInferenceProfileRegion geoRegion, BedrockFoundationModel model) {
        var catalog = SystemInferenceProfileCatalog.get();
        var profile = catalog.find(geoRegion, model.getModelId()).orElseThrow(() -> {
            var geographies = catalog.geographiesOf(model.getModelId());
            return new IllegalArgumentException("model " + model.getModelId() + " has no cross-Region inference profile in geoRegion "
                    + geoRegion + " (" + geoRegion.getPrefix() + "); "
                    + (geographies.isEmpty() ? "it has none in any geography" : "it has one in: " + String.join(", ", geographies)));
        });
        return new CrossRegionInferenceProfile(profile, model);
    }

    public CrossRegionInferenceProfileRegion getGeoRegion() {
        for (var geo : CrossRegionInferenceProfileRegion.values()) {
            if (geo.getPrefix().equals(profile.geo())) {
                return geo;
            }
        }
        throw new IllegalStateException("unknown geography " + profile.geo());
    }

    public BedrockFoundationModel getInferenceModel() {
        return model;
    }

    @Override
    public String getInferenceProfileId() {
        return profile.inferenceProfileId();
    }

    /** The profile's ARN in the Region and account of the stack that uses it. */
    @Override
    public String getInferenceProfileArn() {
        return "arn:" + Aws.PARTITION + ":bedrock:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":inference-profile/" + profile.inferenceProfileId();
    }

    public String getType() {
        return "SYSTEM_DEFINED";
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

    /**
     * The model in every Region the profile routes to from the grantee's stack Region, or from any of its source Regions
     * when the stack is environment-agnostic. A stack in a Region the profile does not serve is an error.
     */
    @Override
    public ModelRoute modelRoute(IGrantable grantee) {
        String region = StackRegion.of(grantee);
        if (region != null && !profile.callableFrom(region)) {
            throw new IllegalArgumentException("inference profile " + profile.inferenceProfileId() + " cannot be called from Region "
                    + region + "; its source Regions are " + String.join(", ", profile.routesBySourceRegion().keySet().stream().sorted().toList()));
        }
        List<String> models = profile.destinationsFrom(region).stream().map(model::modelArnIn).toList();
        return new ModelRoute(List.of(getInferenceProfileArn()), models);
    }
}
