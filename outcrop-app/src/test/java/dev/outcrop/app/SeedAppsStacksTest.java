package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outcrop.cdk.ApplicationInferenceProfile;
import dev.outcrop.cdk.ApplicationInferenceProfileProps;
import dev.outcrop.cdk.BedrockFoundationModel;
import dev.outcrop.cdk.CrossRegionInferenceProfile;
import dev.outcrop.cdk.CrossRegionInferenceProfileRegion;
import dev.outcrop.cdk.DefaultPromptRouterIdentifier;
import dev.outcrop.cdk.InferenceConfiguration;
import dev.outcrop.cdk.InferenceProfile;
import dev.outcrop.cdk.InferenceProfileProps;
import dev.outcrop.cdk.LambdaToBedrockInferenceProfile;
import dev.outcrop.cdk.LambdaToBedrockInferenceProfileProps;
import dev.outcrop.cdk.PromptRouter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfile;
import software.amazon.awscdk.services.bedrock.CfnPrompt;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.GetPromptResponse;
import software.constructs.Construct;

/**
 * A Java CDK app modelled on each example of the seeds, synthesized here (one App, one jsii runtime), deployed
 * with {@code outcrop stacks deploy} and with the AWS CLI's {@code cloudformation deploy}, and checked through the
 * AWS SDK: profiles, tags, prompts, the functions' principals and their policies (a call allowed, one denied);
 * then updated in place and by replacement, rolled back from a failed update, and deleted.
 * <ul>
 * <li>seed 000 (generative-ai-cdk-constructs' README): {@link Seed000}: application profiles from a foundation
 * model (tagged) and from a cross-Region profile, the L1 import form, {@code grantProfileUsage} to a function's
 * role for both kinds of profile; {@link Seed000Router}: a prompt on a default prompt router, run through the router;</li>
 * <li>seed 001: {@link Seed001}: an {@code InferenceProfile} with its inference configuration and a prompt whose
 * variant uses that configuration;</li>
 * <li>seed 002 (Solutions Constructs' {@code LambdaToBedrockInferenceProfile}): {@link Seed002};</li>
 * <li>seed 003 (the boto3 notebook): {@link Seed003}: an application profile copied from a system profile and
 * the notebook's IAM policy (allow the profile, deny InvokeModel outside it) on a function's role;</li>
 * <li>seed 004 (the blog post on the three ARNs): {@link Seed004}: a profile from a foundation-model ARN and
 * one from a cross-Region profile ARN.</li>
 * </ul>
 */
class SeedAppsStacksTest {
    private static final String REGION = "us-east-1";
    private static final String NOVA_LITE = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0";

    @TempDir
    static Path assemblyDir;
    private static final Map<String, Path> TEMPLATES = new LinkedHashMap<>();

    @TempDir
    Path dataDir;
    private StacksCli stacks;

    private static StackProps inRegion() {
        return StackProps.builder().env(Environment.builder().region(REGION).build()).build();
    }

    private static Function function(Construct scope) {
        return new Function(scope, "Function", FunctionProps.builder().runtime(Runtime.NODEJS_20_X)
                .handler("index.handler").code(Code.fromInline(CdkApps.HANDLER)).build());
    }

    /** Seed 000; {@code version} 2 retags the first profile (in place) and renames the second (a replacement). */
    static final class Seed000 extends Stack {
        Seed000(Construct scope, String id, int version, boolean broken) {
            super(scope, id, inRegion());
            var app1 = new ApplicationInferenceProfile(this, "myapplicationprofile",
                    ApplicationInferenceProfileProps.builder()
                            .inferenceProfileName("claude 3 sonnet v1")
                            .modelSource(BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_V1_0)
                            .tags(List.of(CfnTag.builder().key("test").value(version == 1 ? "test" : "retagged")
                                    .build()))
                            .build());
            var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US,
                    BedrockFoundationModel.ANTHROPIC_CLAUDE_3_5_SONNET_V2_0);
            var app2 = new ApplicationInferenceProfile(this, "myapplicationprofile2",
                    ApplicationInferenceProfileProps.builder()
                            .inferenceProfileName(version == 1 ? "claude 35 sonnet v2" : "claude 35 sonnet v2 renamed")
                            .modelSource(cris)
                            .build());
            var cfnapp = CfnApplicationInferenceProfile.Builder.create(this, "mytestaip3")
                    .inferenceProfileName("mytest")
                    .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder()
                            .copyFrom("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0")
                            .build())
                    .build();
            var appInfProfile3 = ApplicationInferenceProfile.fromCfnApplicationInferenceProfile(cfnapp);
            Function lambdaFunction = function(this);
            app1.grantProfileUsage(lambdaFunction);
            cris.grantProfileUsage(lambdaFunction);
            if (broken) {
                // A policy for a user no template made: the update fails at this resource, after the others.
                CfnPolicy missing = CfnPolicy.Builder.create(this, "ForNobody").policyName("for-nobody")
                        .users(List.of("nobody"))
                        .policyDocument(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                                "Effect", "Allow", "Action", "bedrock:GetInferenceProfile",
                                "Resource", app1.getInferenceProfileArn()))))
                        .build();
                missing.addDependency(app1.getCfnResource());
            }
            CfnOutput.Builder.create(this, "Profile1Arn").value(app1.getInferenceProfileArn()).build();
            CfnOutput.Builder.create(this, "Profile2Arn").value(app2.getInferenceProfileArn()).build();
            CfnOutput.Builder.create(this, "Profile3Arn").value(appInfProfile3.getInferenceProfileArn()).build();
        }
    }

    /** Seed 000's prompt router section: a prompt whose variant's model is the default router. */
    static final class Seed000Router extends Stack {
        Seed000Router(Construct scope, String id) {
            super(scope, id, inRegion());
            var router = PromptRouter.fromDefaultId(DefaultPromptRouterIdentifier.ANTHROPIC_CLAUDE_V1, REGION);
            CfnPrompt.Builder.create(this, "Prompt").name("prompt-router-test")
                    .defaultVariant("variant1")
                    .variants(List.of(CfnPrompt.PromptVariantProperty.builder().name("variant1").templateType("TEXT")
                            .modelId(router.getPromptRouterArn())
                            .templateConfiguration(CfnPrompt.PromptTemplateConfigurationProperty.builder()
                                    .text(CfnPrompt.TextPromptTemplateConfigurationProperty.builder()
                                            .text("What is the capital of France?").build())
                                    .build())
                            .build()))
                    .build();
        }
    }

    /** Seed 001; {@code version} 2 changes the prompt's description (in place). */
    static final class Seed001 extends Stack {
        Seed001(Construct scope, String id, int version) {
            super(scope, id, inRegion());
            var profile = new InferenceProfile(this, "MyProfile", InferenceProfileProps.builder()
                    .profileName("my-inference-profile")
                    .description("A profile for high-quality responses")
                    .modelSource(BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_V1_0)
                    .inferenceConfiguration(InferenceConfiguration.builder().temperature(0.7).topP(0.9)
                            .maxTokens(2000).stopSequences(List.of("Human:", "Assistant:")).build())
                    .build());
            InferenceConfiguration configuration = profile.getInferenceConfiguration();
            var prompt = CfnPrompt.Builder.create(this, "MyPrompt")
                    .name("my-prompt")
                    .description(version == 1 ? "greets" : "greets politely")
                    .defaultVariant("default")
                    .variants(List.of(CfnPrompt.PromptVariantProperty.builder()
                            .name("default")
                            .templateType("TEXT")
                            .modelId(BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_V1_0.getModelId())
                            .templateConfiguration(CfnPrompt.PromptTemplateConfigurationProperty.builder()
                                    .text(CfnPrompt.TextPromptTemplateConfigurationProperty.builder()
                                            .text("Hello, how can I help you?").build())
                                    .build())
                            .inferenceConfiguration(CfnPrompt.PromptInferenceConfigurationProperty.builder()
                                    .text(CfnPrompt.PromptModelInferenceConfigurationProperty.builder()
                                            .temperature(configuration.getTemperature())
                                            .topP(configuration.getTopP())
                                            .maxTokens(configuration.getMaxTokens())
                                            .stopSequences(configuration.getStopSequences())
                                            .build())
                                    .build())
                            .build()))
                    .build();
            CfnOutput.Builder.create(this, "ProfileArn").value(profile.getInferenceProfileArn()).build();
            CfnOutput.Builder.create(this, "PromptId").value(prompt.getAttrId()).build();
            CfnOutput.Builder.create(this, "ProfilePromptArn").value(profile.getPromptArn()).build();
        }
    }

    /** Seed 002; {@code version} 2 changes the model (the profile's source: a replacement). */
    static final class Seed002 extends Stack {
        Seed002(Construct scope, String id, int version) {
            super(scope, id, inRegion());
            var pattern = new LambdaToBedrockInferenceProfile(this, "LambdaToBedrockPattern",
                    LambdaToBedrockInferenceProfileProps.builder()
                            .lambdaFunctionProps(FunctionProps.builder().runtime(Runtime.NODEJS_20_X)
                                    .handler("index.handler").code(Code.fromInline(CdkApps.HANDLER)).build())
                            .bedrockModelId(version == 1 ? "amazon.nova-lite-v1:0" : "amazon.nova-pro-v1:0")
                            .build());
            CfnOutput.Builder.create(this, "ProfileArn")
                    .value(pattern.getInferenceProfile().getAttrInferenceProfileArn()).build();
        }
    }

    /** Seed 003: the notebook's application profile and its IAM policy, on a function's role. */
    static final class Seed003 extends Stack {
        Seed003(Construct scope, String id) {
            super(scope, id, inRegion());
            var profile = CfnApplicationInferenceProfile.Builder.create(this, "AppProfile")
                    .inferenceProfileName("my-app-profile")
                    .description("Custom profile for my application")
                    .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder()
                            .copyFrom("arn:aws:bedrock:us-east-1:" + getAccount()
                                    + ":inference-profile/us.amazon.nova-2-lite-v1:0")
                            .build())
                    .build();
            Function lambdaFunction = function(this);
            lambdaFunction.addEnvironment("BEDROCK_PROFILE", profile.getAttrInferenceProfileArn());
            lambdaFunction.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"))
                    // nova-lite stands for what a broader grant of the account allows: the Deny below refuses it.
                    .resources(List.of(profile.getAttrInferenceProfileArn(),
                            "arn:aws:bedrock:*::foundation-model/amazon.nova-2-lite-v1:0", NOVA_LITE))
                    .build());
            lambdaFunction.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.DENY)
                    .actions(List.of("bedrock:InvokeModel")).resources(List.of("*"))
                    .conditions(Map.of("StringNotEquals", Map.of("bedrock:InferenceProfileArn",
                            profile.getAttrInferenceProfileArn())))
                    .build());
            CfnOutput.Builder.create(this, "ProfileArn").value(profile.getAttrInferenceProfileArn()).build();
        }
    }

    /** Seed 004: application profiles from a foundation-model ARN and from a cross-Region profile's ARN. */
    static final class Seed004 extends Stack {
        Seed004(Construct scope, String id) {
            super(scope, id, inRegion());
            var single = CfnApplicationInferenceProfile.Builder.create(this, "SingleRegion")
                    .inferenceProfileName("single-region")
                    .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder()
                            .copyFrom("arn:aws:bedrock:" + getRegion()
                                    + "::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0").build())
                    .build();
            var multi = CfnApplicationInferenceProfile.Builder.create(this, "MultiRegion")
                    .inferenceProfileName("multi-region")
                    .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder()
                            .copyFrom("arn:aws:bedrock:" + getRegion() + ":" + getAccount()
                                    + ":inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0").build())
                    .build();
            CfnOutput.Builder.create(this, "SingleArn").value(single.getAttrInferenceProfileArn()).build();
            CfnOutput.Builder.create(this, "MultiArn").value(multi.getAttrInferenceProfileArn()).build();
        }
    }

    @BeforeAll
    static void synthesize() {
        assumeTrue(CdkApps.sdkInstalled(), "npm ci --prefix conformance");
        CloudAssembly assembly = CdkApps.synth(assemblyDir, app -> {
            new Seed000(app, "Seed000", 1, false);
            new Seed000(app, "Seed000v2", 2, false);
            new Seed000(app, "Seed000broken", 2, true);
            new Seed000Router(app, "Seed000Router");
            new Seed001(app, "Seed001", 1);
            new Seed001(app, "Seed001v2", 2);
            new Seed002(app, "Seed002", 1);
            new Seed002(app, "Seed002v2", 2);
            new Seed003(app, "Seed003");
            new Seed004(app, "Seed004");
        });
        for (String name : List.of("Seed000", "Seed000v2", "Seed000broken", "Seed000Router", "Seed001", "Seed001v2", "Seed002",
                "Seed002v2", "Seed003", "Seed004")) {
            TEMPLATES.put(name, CdkApps.template(assembly, name));
        }
    }

    @BeforeEach
    void rootExists() {
        TestOutcrop.start(dataDir).close(); // the root principal exists, as on a machine where Outcrop ran
        stacks = new StacksCli(dataDir);
    }

    private Map<String, String> deploy(String template, String stack) {
        assertThat(stacks.run("deploy", TEMPLATES.get(template).toString(), "--stack-name", stack))
                .as(stacks.output()).isZero();
        return stacks.outputs();
    }

    private static Map<String, String> tags(BedrockClient bedrock, String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : bedrock.listTagsForResource(r -> r.resourceARN(arn)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    private static List<String> models(BedrockClient bedrock, String arn) {
        return bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)).models().stream()
                .map(InferenceProfileModel::modelArn).toList();
    }

    private static void gone(BedrockClient bedrock, String arn) {
        assertThatThrownBy(() -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private String outcome(String stack, String function, TestOutcrop outcrop, String modelId) throws Exception {
        String payload = modelId == null ? "{}" : "{\"modelId\": \"" + modelId + "\"}";
        return stacks.invoke(stack, function, outcrop.endpoint().toString(), payload).path("outcome").asText();
    }

    @Test
    void seed000ProfilesGrantedToAFunctionAreRetaggedInPlaceRenamedByReplacementRolledBackAndDeleted()
            throws Exception {
        Map<String, String> first = deploy("Seed000", "Seed000");
        assertThat(stacks.output()).startsWith("Seed000 CREATE_COMPLETE");
        String function = CdkApps.functionOf(TEMPLATES.get("Seed000"));
        Map<String, String> ids = stacks.physicalIds("Seed000");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            var one = root.getInferenceProfile(r -> r.inferenceProfileIdentifier(first.get("Profile1Arn")));
            assertThat(one.inferenceProfileName()).isEqualTo("claude 3 sonnet v1");
            assertThat(one.typeAsString()).isEqualTo("APPLICATION");
            assertThat(models(root, first.get("Profile1Arn")))
                    .containsExactly("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0");
            assertThat(tags(root, first.get("Profile1Arn"))).containsExactly(Map.entry("test", "test"));
            assertThat(models(root, first.get("Profile2Arn"))).hasSize(3).allMatch(m -> m.endsWith(
                    "::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"));
            assertThat(models(root, first.get("Profile3Arn"))).hasSize(1);
            assertThat(root.listInferenceProfiles(r -> r.typeEquals("APPLICATION")).inferenceProfileSummaries())
                    .extracting(InferenceProfileSummary::inferenceProfileName)
                    .containsExactlyInAnyOrder("claude 3 sonnet v1", "claude 35 sonnet v2", "mytest");

            // grantProfileUsage: the function's role may call its profile and the cross-Region one, not the third.
            assertThat(outcome("Seed000", function, outcrop, first.get("Profile1Arn"))).isEqualTo("allowed");
            assertThat(outcome("Seed000", function, outcrop, "us.anthropic.claude-3-5-sonnet-20241022-v2:0"))
                    .isEqualTo("allowed");
            assertThat(outcome("Seed000", function, outcrop, first.get("Profile3Arn")))
                    .isEqualTo("AccessDeniedException");
        }

        Map<String, String> second = deploy("Seed000v2", "Seed000");
        assertThat(stacks.output()).startsWith("Seed000 UPDATE_COMPLETE");
        Map<String, String> updated = stacks.physicalIds("Seed000");
        assertThat(second.get("Profile1Arn")).isEqualTo(first.get("Profile1Arn"));
        assertThat(second.get("Profile2Arn")).isNotEqualTo(first.get("Profile2Arn"));
        assertThat(second.get("Profile3Arn")).isEqualTo(first.get("Profile3Arn"));
        assertThat(updated.keySet()).isEqualTo(ids.keySet());
        ids.forEach((logical, physical) -> {
            if (physical.equals(first.get("Profile2Arn"))) {
                assertThat(updated.get(logical)).as(logical).isEqualTo(second.get("Profile2Arn"));
            } else {
                assertThat(updated.get(logical)).as(logical).isEqualTo(physical);
            }
        });
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            assertThat(tags(root, first.get("Profile1Arn"))).containsExactly(Map.entry("test", "retagged"));
            gone(root, first.get("Profile2Arn"));
            assertThat(root.getInferenceProfile(r -> r.inferenceProfileIdentifier(second.get("Profile2Arn")))
                    .inferenceProfileName()).isEqualTo("claude 35 sonnet v2 renamed");
        }

        // The broken template changes nothing the failing policy would not undo: the stack goes back to v2.
        assertThat(stacks.run("deploy", TEMPLATES.get("Seed000broken").toString(), "--stack-name", "Seed000"))
                .isEqualTo(1);
        assertThat(stacks.output()).startsWith("Seed000 UPDATE_ROLLBACK_COMPLETE").contains("nobody");
        assertThat(stacks.physicalIds("Seed000")).isEqualTo(updated);
        assertThat(stacks.run("events", "Seed000")).isZero();
        assertThat(stacks.output()).contains("ForNobody").contains("CREATE_FAILED").contains("UPDATE_ROLLBACK_COMPLETE");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            assertThat(tags(root, first.get("Profile1Arn"))).containsExactly(Map.entry("test", "retagged"));
            assertThat(outcome("Seed000", function, outcrop, first.get("Profile1Arn"))).isEqualTo("allowed");
        }

        assertThat(stacks.run("delete", "Seed000")).as(stacks.output()).isZero();
        assertThat(stacks.output()).contains("DELETE_COMPLETE");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            for (String arn : List.of(second.get("Profile1Arn"), second.get("Profile2Arn"), second.get("Profile3Arn"))) {
                gone(root, arn);
            }
            assertThat(outcrop.outcrop().identity().principals()).extracting(p -> p.name()).containsExactly("root");
        }
    }

    @Test
    void seed000APromptOnTheDefaultPromptRouterRunsThroughTheRouter() {
        // Bedrock's prompt management takes a router ARN as a variant's modelId; a call through a version of the
        // prompt is then routed by it, and the answer names the model the router chose.
        String router = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1";
        assertThat(stacks.run("deploy", TEMPLATES.get("Seed000Router").toString(), "--stack-name", "Router"))
                .as(stacks.output()).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockAgentClient agent = outcrop.agent();
             var runtime = outcrop.runtime()) {
            String id = agent.listPrompts(r -> { }).promptSummaries().stream()
                    .filter(p -> p.name().equals("prompt-router-test")).findFirst().orElseThrow().id();
            assertThat(agent.getPrompt(r -> r.promptIdentifier(id)).variants().getFirst().modelId()).isEqualTo(router);
            String version = agent.createPromptVersion(r -> r.promptIdentifier(id)).arn();

            var answer = runtime.converse(r -> r.modelId(version));

            assertThat(answer.trace().promptRouter().invokedModelId()).startsWith("arn:aws:bedrock:us-east-1:");
        }
        assertThat(stacks.run("delete", "Router")).as(stacks.output()).isZero();
    }

    @Test
    void seed001APromptWithTheProfilesConfigurationIsUpdatedInPlaceAndDeleted() throws Exception {
        Map<String, String> first = deploy("Seed001", "Seed001");
        String promptId = first.get("PromptId");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock();
             BedrockAgentClient agent = outcrop.agent()) {
            assertThat(root.getInferenceProfile(r -> r.inferenceProfileIdentifier(first.get("ProfileArn")))
                    .description()).isEqualTo("A profile for high-quality responses");
            GetPromptResponse prompt = agent.getPrompt(r -> r.promptIdentifier(promptId));
            assertThat(prompt.name()).isEqualTo("my-prompt");
            assertThat(prompt.description()).isEqualTo("greets");
            var variant = prompt.variants().getFirst();
            assertThat(variant.modelId()).isEqualTo("anthropic.claude-3-sonnet-20240229-v1:0");
            var text = variant.inferenceConfiguration().text();
            assertThat(text.temperature()).isEqualTo(0.7f);
            assertThat(text.topP()).isEqualTo(0.9f);
            assertThat(text.maxTokens()).isEqualTo(2000);
            assertThat(text.stopSequences()).containsExactly("Human:", "Assistant:");
            // The InferenceProfile construct's own prompt names the profile as its model.
            String own = first.get("ProfilePromptArn");
            assertThat(agent.getPrompt(r -> r.promptIdentifier(own)).variants().getFirst().modelId())
                    .isEqualTo(first.get("ProfileArn"));
        }

        Map<String, String> second = deploy("Seed001v2", "Seed001");
        assertThat(second.get("PromptId")).isEqualTo(promptId);
        assertThat(second.get("ProfileArn")).isEqualTo(first.get("ProfileArn"));
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockAgentClient agent = outcrop.agent()) {
            assertThat(agent.getPrompt(r -> r.promptIdentifier(promptId)).description()).isEqualTo("greets politely");
        }

        assertThat(stacks.run("delete", "Seed001")).as(stacks.output()).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock();
             BedrockAgentClient agent = outcrop.agent()) {
            gone(root, first.get("ProfileArn"));
            assertThatThrownBy(() -> agent.getPrompt(r -> r.promptIdentifier(promptId))).isInstanceOf(
                    software.amazon.awssdk.services.bedrockagent.model.ResourceNotFoundException.class);
        }
    }

    @Test
    void seed002TheFunctionsVariablesNameItsProfileWhichAModelChangeReplaces() throws Exception {
        Map<String, String> first = deploy("Seed002", "Seed002");
        String function = CdkApps.functionOf(TEMPLATES.get("Seed002"));
        Map<String, String> env = stacks.env("Seed002", function);
        assertThat(env).containsEntry("BEDROCK_PROFILE", first.get("ProfileArn"))
                .containsEntry("BEDROCK_MODEL", "amazon.nova-lite-v1:0");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            assertThat(models(root, first.get("ProfileArn"))).contains(NOVA_LITE);
            assertThat(outcome("Seed002", function, outcrop, null)).isEqualTo("allowed");
            String other = root.createInferenceProfile(r -> r.inferenceProfileName("other")
                    .modelSource(s -> s.copyFrom(NOVA_LITE))).inferenceProfileArn();
            assertThat(outcome("Seed002", function, outcrop, other)).isEqualTo("AccessDeniedException");
        }

        Map<String, String> second = deploy("Seed002v2", "Seed002");
        assertThat(second.get("ProfileArn")).isNotEqualTo(first.get("ProfileArn"));
        assertThat(stacks.env("Seed002", function)).containsEntry("BEDROCK_PROFILE", second.get("ProfileArn"))
                .containsEntry("BEDROCK_MODEL", "amazon.nova-pro-v1:0");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            gone(root, first.get("ProfileArn"));
            assertThat(models(root, second.get("ProfileArn"))).allMatch(m -> m.endsWith("amazon.nova-pro-v1:0"));
            assertThat(outcome("Seed002", function, outcrop, null)).isEqualTo("allowed");
            assertThat(outcome("Seed002", function, outcrop, first.get("ProfileArn"))).isNotEqualTo("allowed");
        }

        assertThat(stacks.run("delete", "Seed002")).as(stacks.output()).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            gone(root, second.get("ProfileArn"));
            assertThat(outcrop.outcrop().identity().principals()).extracting(p -> p.name()).containsExactly("root");
        }
    }

    @Test
    void seed003TheNotebooksPolicyAllowsItsProfileAndDeniesInvokingAnythingElse() throws Exception {
        Map<String, String> outputs = deploy("Seed003", "Seed003");
        String function = CdkApps.functionOf(TEMPLATES.get("Seed003"));
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            var profile = root.getInferenceProfile(r -> r.inferenceProfileIdentifier(outputs.get("ProfileArn")));
            assertThat(profile.inferenceProfileName()).isEqualTo("my-app-profile");
            assertThat(profile.description()).isEqualTo("Custom profile for my application");
            assertThat(profile.models()).extracting(InferenceProfileModel::modelArn)
                    .allMatch(m -> m.endsWith("::foundation-model/amazon.nova-2-lite-v1:0")).hasSizeGreaterThan(1);
            assertThat(outcome("Seed003", function, outcrop, null)).isEqualTo("allowed");
            assertThat(outcome("Seed003", function, outcrop, "amazon.nova-lite-v1:0"))
                    .isEqualTo("AccessDeniedException");
            assertThat(outcome("Seed003", function, outcrop, "us.amazon.nova-2-lite-v1:0"))
                    .isEqualTo("AccessDeniedException");
        }
        assertThat(stacks.run("delete", "Seed003")).as(stacks.output()).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            gone(root, outputs.get("ProfileArn"));
        }
    }

    @Test
    void seed004ProfilesFromAFoundationModelAndFromACrossRegionProfileRouteToOneAndToThreeRegions()
            throws Exception {
        Map<String, String> outputs = deploy("Seed004", "Seed004");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            assertThat(outputs.get("SingleArn")).matches(
                    "arn:aws:bedrock:us-east-1:\\d{12}:application-inference-profile/[a-z0-9]{12}");
            assertThat(models(root, outputs.get("SingleArn"))).containsExactly(
                    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0");
            assertThat(models(root, outputs.get("MultiArn"))).extracting(m -> m.split(":")[3])
                    .containsExactlyInAnyOrder("us-east-1", "us-east-2", "us-west-2");
        }
        assertThat(stacks.run("delete", "Seed004")).as(stacks.output()).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            gone(root, outputs.get("SingleArn"));
            gone(root, outputs.get("MultiArn"));
        }
    }

    @Test
    void everySeedsAppDeploysThroughTheAwsCliAndItsProfilesAreThere() throws Exception {
        assumeTrue(ClientProcess.succeeds("aws", "--version"), "the AWS CLI is not installed: deploy not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            for (String seed : List.of("Seed000", "Seed001", "Seed002", "Seed003", "Seed004")) {
                AwsCli.Result deployed = AwsCli.attempt(outcrop, "cloudformation", "deploy", "--template-file",
                        TEMPLATES.get(seed).toString(), "--stack-name", seed, "--capabilities", "CAPABILITY_IAM");
                assertThat(deployed.exitCode()).as(seed + ": " + deployed.output()).isZero();
                assertThat(deployed.output()).contains("Successfully created/updated stack - " + seed);
                String described = AwsCli.run(outcrop, "cloudformation", "describe-stacks", "--stack-name", seed,
                        "--query", "Stacks[0].[StackStatus, Outputs[?ends_with(OutputKey, 'Arn')].OutputValue]");
                assertThat(described).as(seed).contains("CREATE_COMPLETE");
                for (String arn : described.lines().map(String::strip).filter(l -> l.startsWith("\"arn:"))
                        .map(l -> l.replaceAll("[\",]", "")).toList()) {
                    if (arn.contains("inference-profile/")) {
                        assertThat(root.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)).status()
                                .toString()).as(arn).isEqualTo("ACTIVE");
                    }
                }
            }
            assertThat(root.listInferenceProfiles(r -> r.typeEquals("APPLICATION")).inferenceProfileSummaries())
                    .hasSize(3 + 1 + 1 + 1 + 2);
            AwsCli.run(outcrop, "cloudformation", "delete-stack", "--stack-name", "Seed000");
            // The CLI's stack-delete-complete waiter polls every 30 seconds: poll the stack here instead.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            String status;
            do {
                status = AwsCli.run(outcrop, "cloudformation", "list-stacks", "--query",
                        "StackSummaries[?StackName=='Seed000'].StackStatus | [0]").strip();
            } while (status.contains("IN_PROGRESS") && System.nanoTime() < deadline);
            assertThat(status).isEqualTo("\"DELETE_COMPLETE\"");
            assertThat(root.listInferenceProfiles(r -> r.typeEquals("APPLICATION")).inferenceProfileSummaries())
                    .hasSize(1 + 1 + 1 + 2);
        }
    }
}
