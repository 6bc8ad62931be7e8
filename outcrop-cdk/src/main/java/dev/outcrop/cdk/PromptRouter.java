package dev.outcrop.cdk;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.IGrantable;

/**
 * A prompt router: a call naming it is routed to one of its models, through that model's cross-Region profile of the
 * router's geography, so a grant covers the router, those profiles and their models.
 */
public final class PromptRouter implements IBedrockInvokable {
    private final String promptRouterArn;
    private final List<BedrockFoundationModel> routingModels;
    private final String region;

    private PromptRouter(String promptRouterArn, List<BedrockFoundationModel> routingModels, String region) {
        this.promptRouterArn = promptRouterArn;
        this.routingModels = routingModels;
        this.region = region;
    }

    /** A default router in a Region (a Region name, or a token such as Aws.REGION). */
    public static PromptRouter fromDefaultId(DefaultPromptRouterIdentifier router, String region) {
        if (region == null || region.isEmpty()) {
            throw new IllegalArgumentException("region is required");
        }
        if (!Token.isUnresolved(region) && !region.matches("^[a-z]{2}(-gov)?-[a-z]+-\\d$")) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS Region name");
        }
        String arn = "arn:" + Aws.PARTITION + ":bedrock:" + region + ":" + Aws.ACCOUNT_ID + ":default-prompt-router/" + router.getPromptRouterId();
        return new PromptRouter(arn, router.getRoutingModels(), region);
    }

    public String getPromptRouterArn() {
        return promptRouterArn;
    }

    public List<BedrockFoundationModel> getRoutingModels() {
        return routingModels;
    }

    @Override
    public String getInvokableArn() {
        return promptRouterArn;
    }

    @Override
    public void grantInvoke(IGrantable grantee) {
        var profiles = new ArrayList<String>();
        profiles.add(promptRouterArn);
        var models = new ArrayList<String>();
        for (var model : routingModels) {
            var route = routeOf(model, grantee);
            profiles.addAll(route.profileArns());
            models.addAll(route.modelArns());
        }
        InvokeGrants.grant(grantee, new ModelRoute(profiles, models));
    }

    // The routed model's profile in the router Region's geography; any geography when the Region is a token.
    private ModelRoute routeOf(BedrockFoundationModel model, IGrantable grantee) {
        if (Token.isUnresolved(region)) {
            return new ModelRoute(
                    List.of("arn:" + Aws.PARTITION + ":bedrock:" + region + ":" + Aws.ACCOUNT_ID + ":inference-profile/*." + model.getModelId()),
                    List.of(model.modelArnIn("*")));
        }
        var geo = SystemInferenceProfileCatalog.get().geographyFor(model.getModelId(), region).orElseThrow(() ->
                new IllegalArgumentException("the prompt router's model " + model.getModelId() + " has no cross-Region profile callable from " + region));
        var profile = CrossRegionInferenceProfile.fromConfig(geo, model);
        var destinations = SystemInferenceProfileCatalog.get().find(geo, model.getModelId()).orElseThrow().destinationsFrom(region);
        String profileArn = "arn:" + Aws.PARTITION + ":bedrock:" + region + ":" + Aws.ACCOUNT_ID + ":inference-profile/" + profile.getInferenceProfileId();
        return new ModelRoute(List.of(profileArn), destinations.stream().map(model::modelArnIn).toList());
    }
}
