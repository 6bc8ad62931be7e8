package dev.outcrop.cdk;

import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfileProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.VpcProps;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;

/** The properties of {@link LambdaToBedrockInferenceProfile}, as the AWS Solutions Construct names them. */
public final class LambdaToBedrockInferenceProfileProps {
    private final Function existingLambdaObj;
    private final FunctionProps lambdaFunctionProps;
    private final String bedrockModelId;
    private final boolean deployCrossRegionProfile;
    private final CfnApplicationInferenceProfileProps inferenceProfileProps;
    private final String foundationModelEnvironmentVariableName;
    private final String inferenceProfileEnvironmentVariableName;
    private final IVpc existingVpc;
    private final VpcProps vpcProps;
    private final boolean deployVpc;

    private LambdaToBedrockInferenceProfileProps(Builder b) {
        if ((b.existingLambdaObj == null) == (b.lambdaFunctionProps == null)) {
            throw new IllegalArgumentException("exactly one of existingLambdaObj and lambdaFunctionProps is required");
        }
        if (b.bedrockModelId == null) {
            throw new IllegalArgumentException("bedrockModelId is required");
        }
        BedrockFoundationModel.fromModelId(b.bedrockModelId);
        if (b.existingVpc != null && Boolean.TRUE.equals(b.deployVpc)) {
            throw new IllegalArgumentException("existingVpc and deployVpc: true cannot both be given");
        }
        if (b.inferenceProfileProps != null && b.inferenceProfileProps.getModelSource() != null) {
            throw new IllegalArgumentException("inferenceProfileProps.modelSource must not be set: the construct copies the model from bedrockModelId");
        }
        this.existingLambdaObj = b.existingLambdaObj;
        this.lambdaFunctionProps = b.lambdaFunctionProps;
        this.bedrockModelId = b.bedrockModelId;
        this.deployCrossRegionProfile = b.deployCrossRegionProfile == null || b.deployCrossRegionProfile;
        this.inferenceProfileProps = b.inferenceProfileProps;
        this.foundationModelEnvironmentVariableName = environmentName("foundationModelEnvironmentVariableName",
                b.foundationModelEnvironmentVariableName, "BEDROCK_MODEL");
        this.inferenceProfileEnvironmentVariableName = environmentName("inferenceProfileEnvironmentVariableName",
                b.inferenceProfileEnvironmentVariableName, "BEDROCK_PROFILE");
        this.existingVpc = b.existingVpc;
        this.vpcProps = b.vpcProps;
        this.deployVpc = Boolean.TRUE.equals(b.deployVpc);
    }

    // Lambda's rule for environment variable names.
    private static String environmentName(String member, String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        if (!name.matches("^[a-zA-Z]\\w*$")) {
            throw new IllegalArgumentException(member + " '" + name + "' must start with a letter and hold only letters, digits and _");
        }
        return name;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Function getExistingLambdaObj() {
        return existingLambdaObj;
    }

    public FunctionProps getLambdaFunctionProps() {
        return lambdaFunctionProps;
    }

    public String getBedrockModelId() {
        return bedrockModelId;
    }

    public boolean getDeployCrossRegionProfile() {
        return deployCrossRegionProfile;
    }

    public CfnApplicationInferenceProfileProps getInferenceProfileProps() {
        return inferenceProfileProps;
    }

    public String getFoundationModelEnvironmentVariableName() {
        return foundationModelEnvironmentVariableName;
    }

    public String getInferenceProfileEnvironmentVariableName() {
        return inferenceProfileEnvironmentVariableName;
    }

    public IVpc getExistingVpc() {
        return existingVpc;
    }

    public VpcProps getVpcProps() {
        return vpcProps;
    }

    public boolean getDeployVpc() {
        return deployVpc;
    }

    public static final class Builder {
        private Function existingLambdaObj;
        private FunctionProps lambdaFunctionProps;
        private String bedrockModelId;
        private Boolean deployCrossRegionProfile;
        private CfnApplicationInferenceProfileProps inferenceProfileProps;
        private String foundationModelEnvironmentVariableName;
        private String inferenceProfileEnvironmentVariableName;
        private IVpc existingVpc;
        private VpcProps vpcProps;
        private Boolean deployVpc;

        public Builder existingLambdaObj(Function existingLambdaObj) {
            this.existingLambdaObj = existingLambdaObj;
            return this;
        }

        public Builder lambdaFunctionProps(FunctionProps lambdaFunctionProps) {
            this.lambdaFunctionProps = lambdaFunctionProps;
            return this;
        }

        public Builder bedrockModelId(String bedrockModelId) {
            this.bedrockModelId = bedrockModelId;
            return this;
        }

        public Builder deployCrossRegionProfile(Boolean deployCrossRegionProfile) {
            this.deployCrossRegionProfile = deployCrossRegionProfile;
            return this;
        }

        public Builder inferenceProfileProps(CfnApplicationInferenceProfileProps inferenceProfileProps) {
            this.inferenceProfileProps = inferenceProfileProps;
            return this;
        }

        public Builder foundationModelEnvironmentVariableName(String name) {
            this.foundationModelEnvironmentVariableName = name;
            return this;
        }

        public Builder inferenceProfileEnvironmentVariableName(String name) {
            this.inferenceProfileEnvironmentVariableName = name;
            return this;
        }

        public Builder existingVpc(IVpc existingVpc) {
            this.existingVpc = existingVpc;
            return this;
        }

        public Builder vpcProps(VpcProps vpcProps) {
            this.vpcProps = vpcProps;
            return this;
        }

        public Builder deployVpc(Boolean deployVpc) {
            this.deployVpc = deployVpc;
            return this;
        }

        public LambdaToBedrockInferenceProfileProps build() {
            return new LambdaToBedrockInferenceProfileProps(this);
        }
    }
}
