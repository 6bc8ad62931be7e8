package com.example.cdkapp;

import dev.outcrop.cdk.ApplicationInferenceProfile;
import dev.outcrop.cdk.ApplicationInferenceProfileProps;
import dev.outcrop.cdk.BedrockFoundationModel;
import dev.outcrop.cdk.CrossRegionInferenceProfile;
import dev.outcrop.cdk.CrossRegionInferenceProfileRegion;
import dev.outcrop.cdk.InferenceConfiguration;
import dev.outcrop.cdk.InferenceProfile;
import dev.outcrop.cdk.InferenceProfileProps;
import dev.outcrop.cdk.LambdaToBedrockInferenceProfile;
import dev.outcrop.cdk.LambdaToBedrockInferenceProfileProps;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/** Seed 002's pattern plus seed 000's profiles, in one stack. */
public final class CdkApp {
    public static void main(String[] args) {
        var app = new App();
        new ChatStack(app, "OutcropChat", StackProps.builder()
                .env(Environment.builder().region(System.getenv().getOrDefault("CDK_DEFAULT_REGION", "us-east-1")).build())
                .build());
        app.synth();
    }

    static final class ChatStack extends Stack {
        ChatStack(Construct scope, String id, StackProps props) {
            super(scope, id, props);

            // A function allowed to call a new profile over the geography's cross-Region profile (seed 002).
            var chat = new LambdaToBedrockInferenceProfile(this, "LambdaToBedrockPattern", LambdaToBedrockInferenceProfileProps.builder()
                    .lambdaFunctionProps(FunctionProps.builder()
                            .runtime(Runtime.NODEJS_20_X)
                            .handler("index.handler")
                            .code(Code.fromAsset("lambda"))
                            .build())
                    .bedrockModelId("amazon.nova-lite-v1:0")
                    .build());

            // A profile with inference parameters kept alongside it (seed 000).
            var profile = new InferenceProfile(this, "MyProfile", InferenceProfileProps.builder()
                    .profileName("my-inference-profile")
                    .description("A profile for high-quality responses")
                    .modelSource(CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US,
                            BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0))
                    .inferenceConfiguration(InferenceConfiguration.builder()
                            .temperature(0.7)
                            .topP(0.9)
                            .maxTokens(2000)
                            .stopSequences(List.of("Human:", "Assistant:"))
                            .build())
                    .build());
            profile.grantProfileUsage(chat.getLambdaFunction());

            // A cost-tracking profile in one Region.
            var single = new ApplicationInferenceProfile(this, "SingleRegion", ApplicationInferenceProfileProps.builder()
                    .inferenceProfileName("nova lite here")
                    .modelSource(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0)
                    .build());

            CfnOutput.Builder.create(this, "FunctionName").value(chat.getLambdaFunction().getFunctionName()).build();
            CfnOutput.Builder.create(this, "ProfileArn").value(chat.getInferenceProfile().getAttrInferenceProfileArn()).build();
            CfnOutput.Builder.create(this, "ConfiguredProfileArn").value(profile.getInferenceProfileArn()).build();
            CfnOutput.Builder.create(this, "SingleRegionProfileArn").value(single.getInferenceProfileArn()).build();
        }
    }
}
