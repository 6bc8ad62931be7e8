package dev.outcrop.cdk;

import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/** An application inference profile this app did not create; see {@link ApplicationInferenceProfile}'s factories. */
final class ImportedApplicationInferenceProfile extends Construct implements IInferenceProfile, IModelSource {
    private final String arn;
    private final String id;
    private final String copyFrom;

    ImportedApplicationInferenceProfile(Construct scope, String constructId, String arn, String id, String copyFrom) {
        super(scope, constructId);
        this.arn = arn;
        this.id = id;
        this.copyFrom = copyFrom;
    }

    @Override
    public String getInferenceProfileArn() {
        return arn;
    }

    @Override
    public String getInferenceProfileId() {
        return id;
    }

    @Override
    public String getInvokableArn() {
        return arn;
    }

    @Override
    public void grantInvoke(IGrantable grantee) {
        InvokeGrants.grant(grantee, modelRoute(grantee));
    }

    @Override
    public void grantProfileUsage(IGrantable grantee) {
        grantInvoke(grantee);
        InvokeGrants.grantProfileReads(grantee, arn);
    }

    @Override
    public ModelRoute modelRoute(IGrantable grantee) {
        return ProfileArns.routeOfCopyFrom(copyFrom, grantee)
                .map(route -> route.through(arn))
                .orElseGet(() -> ProfileArns.anyModelThrough(arn));
    }
}
