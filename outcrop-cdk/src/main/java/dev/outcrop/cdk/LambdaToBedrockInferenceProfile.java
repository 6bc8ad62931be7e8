package dev.outcrop.cdk;

import java.util.List;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfile;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfileProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcProps;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.RuntimeFamily;
import software.amazon.awscdk.services.lambda.Tracing;
import software.constructs.Construct;

/**
 * A Lambda function allowed to call a new application inference profile, after the AWS Solutions Construct
 * aws-lambda-bedrockinferenceprofile: the profile copies the model's cross-Region profile of the stack's geography (or
 * the model in the stack's Region), the function gets the profile's ARN and the model id in its environment, and its
 * role may call the profile and the model in every Region the profile routes to, only through the profile.
 */
public class LambdaToBedrockInferenceProfile extends Construct {
    private final Function lambdaFunction;
    private final CfnApplicationInferenceProfile inferenceProfile;
    private final IVpc vpc;

    public LambdaToBedrockInferenceProfile(Construct scope, String id, LambdaToBedrockInferenceProfileProps props) {
        super(scope, id);
        this.vpc = props.getDeployVpc() ? newPrivateVpc(props.getVpcProps()) : props.getExistingVpc();
        if (vpc != null) {
            vpc.addInterfaceEndpoint("BedrockEndpoint", InterfaceVpcEndpointOptions.builder().service(InterfaceVpcEndpointAwsService.BEDROCK).build());
            vpc.addInterfaceEndpoint("BedrockRuntimeEndpoint", InterfaceVpcEndpointOptions.builder().service(InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME).build());
        }
        var model = BedrockFoundationModel.fromModelId(props.getBedrockModelId());
        IModelSource source = !props.getDeployCrossRegionProfile() ? model
                : StackRegion.of(this) == null ? GeographyMappedProfile.of(this, model) : crossRegionProfileOf(model);

        CfnApplicationInferenceProfileProps profileProps = props.getInferenceProfileProps();
        var profile = new ApplicationInferenceProfile(this, "InferenceProfile", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName(profileProps != null && profileProps.getInferenceProfileName() != null
                        ? profileProps.getInferenceProfileName()
                        : Names.uniqueResourceName(this, UniqueResourceNameOptions.builder().maxLength(64).separator("-").build()))
                .description(profileProps == null ? null : profileProps.getDescription())
                .tags(profileProps == null ? null : profileProps.getTags())
                .modelSource(source)
                .build());
        this.inferenceProfile = profile.getCfnResource();

        this.lambdaFunction = props.getExistingLambdaObj() != null ? props.getExistingLambdaObj() : newFunction(props.getLambdaFunctionProps());
        lambdaFunction.addEnvironment(props.getInferenceProfileEnvironmentVariableName(), profile.getInferenceProfileArn());
        lambdaFunction.addEnvironment(props.getFoundationModelEnvironmentVariableName(), model.getModelId());
        profile.grantInvoke(lambdaFunction);
    }

    private CrossRegionInferenceProfile crossRegionProfileOf(BedrockFoundationModel model) {
        String region = StackRegion.of(this);
        var catalog = SystemInferenceProfileCatalog.get();
        var geo = catalog.geographyFor(model.getModelId(), region).orElseThrow(() -> new IllegalArgumentException(
                "bedrockModelId " + model.getModelId() + " has no cross-Region inference profile callable from " + region
                        + " (its geographies: " + String.join(", ", catalog.geographiesOf(model.getModelId()))
                        + "); set deployCrossRegionProfile(false) for a single-Region profile"));
        return CrossRegionInferenceProfile.fromConfig(geo, model);
    }

    // The most private VPC that runs the pattern: isolated subnets only, reaching Bedrock through its interface endpoints.
    private Vpc newPrivateVpc(VpcProps userProps) {
        var builder = userProps == null ? VpcProps.builder() : VpcPropsCopy.of(userProps);
        return new Vpc(this, "Vpc", builder
                .natGateways(0)
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .build());
    }

    private Function newFunction(FunctionProps userProps) {
        var builder = FunctionPropsCopy.of(userProps)
                .tracing(userProps.getTracing() == null ? Tracing.ACTIVE : userProps.getTracing());
        if (vpc != null) {
            builder.vpc(vpc);
        }
        var function = new Function(this, "LambdaFunction", builder.build());
        if (userProps.getRuntime().getFamily() == RuntimeFamily.NODEJS) {
            // The AWS SDK for JavaScript v2 keeps connections alive only when asked; v3 ignores it.
            function.addEnvironment("AWS_NODEJS_CONNECTION_REUSE_ENABLED", "1");
        }
        return function;
    }

    public Function getLambdaFunction() {
        return lambdaFunction;
    }

    public CfnApplicationInferenceProfile getInferenceProfile() {
        return inferenceProfile;
    }

    /** The VPC the pattern deployed to or was given; null when it runs outside a VPC. */
    public IVpc getVpc() {
        return vpc;
    }
}
