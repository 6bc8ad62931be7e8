package dev.outcrop.stacks.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateSemanticsTest {
    private static final PseudoParameters PSEUDO = TemplateFixtures.PSEUDO;

    @Test
    void cdkBoilerplateResolvesTheBootstrapVersionPassesItsRuleAndKeepsTheMetadataResource() {
        Template template = Template.parse(TemplateFixtures.resource("cdk-profile.json"));
        ParameterValues parameters = ParameterValues.resolve(template, Map.of(), SsmParameters.builtIn());
        Conditions conditions = Conditions.evaluate(template, parameters, PSEUDO);
        Rules.check(template, parameters, PSEUDO, conditions);
        assertThat(parameters.values().get("BootstrapVersion").asText()).isEqualTo(SsmParameters.CDK_BOOTSTRAP_VERSION);
        assertThat(parameters.given().get("BootstrapVersion")).isEqualTo("/cdk-bootstrap/hnb659fds/version");
        assertThat(conditions.value("CDKMetadataAvailable")).isTrue();
        assertThat(DependencyGraph.of(template, conditions).order()).containsExactly("ProfileF6B1E4C2", "CDKMetadata");
        assertThat(template.resources().get("ProfileF6B1E4C2").metadata().get("aws:cdk:path").asText())
                .isEqualTo("ProfileStack/Profile/Resource");
    }

    @Test
    void anOldBootstrapVersionFailsCheckBootstrapVersionByName() {
        Template template = Template.parse(TemplateFixtures.resource("cdk-profile.json"));
        ParameterValues parameters = ParameterValues.resolve(template, Map.of("BootstrapVersion", "/old"),
                name -> Optional.of("5"));
        Conditions conditions = Conditions.evaluate(template, parameters, PSEUDO);
        assertThatThrownBy(() -> Rules.check(template, parameters, PSEUDO, conditions))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Rule CheckBootstrapVersion failed: CDK bootstrap stack version 6 required");
    }

    @Test
    void aConditionLeavesItsResourceOutOfTheGraph() {
        Template template = Template.parse(TemplateFixtures.resource("cdk-profile.json"));
        ParameterValues parameters = ParameterValues.resolve(template, Map.of(), SsmParameters.builtIn());
        Conditions conditions = Conditions.evaluate(template, parameters, new PseudoParameters("mars-1", "1", "aws",
                "id", "demo"));
        assertThat(DependencyGraph.of(template, conditions).order()).containsExactly("ProfileF6B1E4C2");
    }

    private static final String PARAMETERS = """
            Parameters:
              Size: {Type: Number, MinValue: 1, MaxValue: 10, Default: 2}
              Tier: {Type: String, AllowedValues: [small, large], Default: small}
              Secret: {Type: String, NoEcho: true, MinLength: 4}
              Names: {Type: CommaDelimitedList, Default: "a, b"}
            Resources:
              R: {Type: AWS::IAM::User}
            """;

    @Test
    void parametersTakeGivenValuesThenDefaultsAndNoEchoIsMasked() {
        Template template = Template.parse(PARAMETERS);
        ParameterValues values = ParameterValues.resolve(template, Map.of("Secret", "hunter22", "Size", "7"),
                SsmParameters.builtIn());
        assertThat(values.values().get("Size").asText()).isEqualTo("7");
        assertThat(values.values().get("Tier").asText()).isEqualTo("small");
        assertThat(values.values().get("Names").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(values.shown(template).get("Secret")).isEqualTo(ParameterValues.MASK);
    }

    @Test
    void aParameterWithoutValueIsNamed() {
        assertThatThrownBy(() -> ParameterValues.resolve(Template.parse(PARAMETERS), Map.of(), SsmParameters.builtIn()))
                .hasMessage("Parameters: [Secret] must have values");
    }

    @Test
    void anUnknownParameterIsNamed() {
        assertThatThrownBy(() -> ParameterValues.resolve(Template.parse(PARAMETERS),
                Map.of("Secret", "hunter22", "Nope", "x"), SsmParameters.builtIn()))
                .hasMessage("Parameters: [Nope] do not exist in the template");
    }

    @Test
    void constraintsOfEachParameterAreChecked() {
        Template template = Template.parse(PARAMETERS);
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Secret", "hunter22", "Size", "11"),
                SsmParameters.builtIn())).hasMessage("Parameter 'Size' must be a number not greater than 10");
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Secret", "hunter22", "Size", "x"),
                SsmParameters.builtIn())).hasMessage("Parameter 'Size' must be a number.");
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Secret", "hunter22", "Tier", "huge"),
                SsmParameters.builtIn())).hasMessage("Parameter 'Tier' must be one of AllowedValues");
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Secret", "abc"),
                SsmParameters.builtIn())).hasMessage("Parameter 'Secret' must contain at least 4 characters");
    }

    @Test
    void anUnknownSsmParameterIsNamed() {
        Template template = Template.parse("""
                Parameters: {P: {Type: "AWS::SSM::Parameter::Value<String>", Default: /my/param}}
                Resources: {R: {Type: AWS::IAM::User}}
                """);
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of(), SsmParameters.builtIn()))
                .hasMessageContaining("Unable to fetch parameters [/my/param]");
    }

    @Test
    void resourcesComeAfterWhatTheyReferToAndDependOn() {
        Template template = Template.parse("""
                Resources:
                  Fn: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt Role.Arn, Description: !Sub "${Policy}"}}
                  Policy: {Type: AWS::IAM::Policy, DependsOn: [Profile], Properties: {Roles: [!Ref Role]}}
                  Role: {Type: AWS::IAM::Role}
                  Profile: {Type: AWS::Bedrock::ApplicationInferenceProfile}
                """);
        Conditions none = Conditions.evaluate(template, ParameterValues.resolve(template, Map.of(),
                SsmParameters.builtIn()), PSEUDO);
        assertThat(DependencyGraph.of(template, none).order()).containsExactly("Role", "Profile", "Policy", "Fn");
    }

    @Test
    void aCycleIsRefusedWithItsNames() {
        Template template = Template.parse("""
                Resources:
                  A: {Type: AWS::IAM::Role, Properties: {X: !Ref B}}
                  B: {Type: AWS::IAM::Role, DependsOn: A}
                  C: {Type: AWS::IAM::Role}
                """);
        Conditions none = Conditions.evaluate(template, ParameterValues.resolve(template, Map.of(),
                SsmParameters.builtIn()), PSEUDO);
        assertThatThrownBy(() -> DependencyGraph.of(template, none))
                .hasMessage("Circular dependency between resources: [A, B]");
    }

    @Test
    void aCycleIsNamedWithoutTheResourcesThatOnlyDependOnIt() {
        Template template = Template.parse("""
                Resources:
                  D: {Type: AWS::IAM::Role, Properties: {X: !GetAtt A.Arn}}
                  A: {Type: AWS::IAM::Role, Properties: {X: !Sub "${C}"}}
                  B: {Type: AWS::IAM::Role, Properties: {X: !Ref A}}
                  C: {Type: AWS::IAM::Role, DependsOn: B}
                  E: {Type: AWS::IAM::Role, DependsOn: D}
                """);
        Conditions none = Conditions.evaluate(template, ParameterValues.resolve(template, Map.of(),
                SsmParameters.builtIn()), PSEUDO);
        assertThatThrownBy(() -> DependencyGraph.of(template, none)).isInstanceOf(ValidationException.class)
                .hasMessage("Circular dependency between resources: [A, B, C]");
    }

    @Test
    void aLongChainOfConditionsIsATemplateErrorNotAStackOverflow() {
        StringBuilder yaml = new StringBuilder("Conditions:\n");
        for (int i = 0; i < 20_000; i++) {
            yaml.append("  C").append(i).append(": {Condition: C").append(i + 1).append("}\n");
        }
        yaml.append("  C20000: !Equals [a, a]\nResources: {R: {Type: AWS::IAM::User}}\n");
        Template template = Template.parse(yaml.toString());
        assertThatThrownBy(() -> Conditions.evaluate(template, ParameterValues.resolve(template, Map.of(),
                SsmParameters.builtIn()), PSEUDO)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("conditions refer to conditions more than 100 deep");
    }

    @Test
    void aReferenceToNothingIsAnUnresolvedDependency() {
        Template template = Template.parse("Resources: {A: {Type: AWS::IAM::Role, Properties: {X: !Ref Ghost}}}");
        Conditions none = Conditions.evaluate(template, ParameterValues.resolve(template, Map.of(),
                SsmParameters.builtIn()), PSEUDO);
        assertThatThrownBy(() -> DependencyGraph.of(template, none))
                .hasMessageContaining("Unresolved resource dependencies [Ghost]");
    }

    @Test
    void aConditionThatDependsOnItselfIsRefused() {
        Template template = Template.parse("""
                Conditions:
                  A: !Not [!Condition B]
                  B: !Not [!Condition A]
                Resources: {R: {Type: AWS::IAM::User}}
                """);
        assertThatThrownBy(() -> Conditions.evaluate(template, ParameterValues.resolve(template, Map.of(),
                SsmParameters.builtIn()), PSEUDO)).hasMessageContaining("Circular dependency between conditions");
    }

    @Test
    void aTransformIsRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> Template.parse("Transform: AWS::Serverless-2016-10-31\nResources: {}"))
                .hasMessageContaining("Transform").hasMessageContaining("not supported by Outcrop");
    }

    @Test
    void moreResourcesThanCloudFormationAllowsAreRefused() {
        StringBuilder body = new StringBuilder("Resources:\n");
        for (int i = 0; i < 501; i++) {
            body.append("  R").append(i).append(": {Type: AWS::IAM::User}\n");
        }
        assertThatThrownBy(() -> Template.parse(body.toString()))
                .hasMessageContaining("Number of resources, 501, is greater than maximum allowed, 500");
    }

    @Test
    void anUnknownSectionIsNamed() {
        assertThatThrownBy(() -> Template.parse("Resourcez: {}"))
                .hasMessageContaining("Invalid template property or properties [Resourcez]");
    }
}
