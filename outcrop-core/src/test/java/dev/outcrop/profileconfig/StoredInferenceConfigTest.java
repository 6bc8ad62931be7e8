package dev.outcrop.profileconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.OutputSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a profile's stored configuration merges into the requests made through it. */
class StoredInferenceConfigTest {
    private static final String PROFILE = "arn:aws:bedrock:us-east-1:000000000000:application-inference-profile/abcdefghij12";
    private static final ParameterNames ANTHROPIC = new ParameterNames("#/max_tokens", "#/temperature", "#/top_p",
            "#/top_k", "#/stop_sequences", "#/anthropic_version", "#/output_config");

    private static ChatRequest request(InferenceParameters parameters) {
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text("hi")))),
                parameters, List.of(), null, null);
    }

    private static ChatRequest sent(Integer maxTokens, Double temperature) {
        return request(new InferenceParameters(maxTokens, temperature, null, null, List.of()));
    }

    private static StoredInferenceConfig config(Setting<Integer> maxTokens, Setting<Double> temperature) {
        return new StoredInferenceConfig(maxTokens, temperature, null, null, null, null, null);
    }

    private static ChatRequest apply(StoredInferenceConfig config, ChatRequest request) {
        return config.apply(PROFILE, request, ParameterNames.CONVERSE, null);
    }

    private static OutputSchema schema(String property) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putArray("required").add(property);
        return OutputSchema.of("answer", null, schema);
    }

    @Test
    void aProfileWithoutConfigurationLeavesTheRequestAsItIs() {
        ChatRequest request = sent(100, 0.5);

        assertThat(StoredInferenceConfig.NONE.apply(PROFILE, request, ParameterNames.CONVERSE, null)).isSameAs(request);
    }

    @Test
    void aDefaultFillsWhatTheRequestLeftOut() {
        ChatRequest applied = apply(config(Setting.byDefault(300), Setting.byDefault(0.2)), sent(null, null));

        assertThat(applied.parameters().maxTokens()).isEqualTo(300);
        assertThat(applied.parameters().temperature()).isEqualTo(0.2);
    }

    @Test
    void aRequestOverridesADefault() {
        ChatRequest applied = apply(config(Setting.byDefault(300), Setting.byDefault(0.2)), sent(5000, 0.9));

        assertThat(applied.parameters().maxTokens()).isEqualTo(5000);
        assertThat(applied.parameters().temperature()).isEqualTo(0.9);
    }

    @Test
    void aLimitIsTheMaxTokensOfARequestThatSendsNone() {
        ChatRequest applied = apply(config(Setting.limit(2000), null), sent(null, null));

        assertThat(applied.parameters().maxTokens()).isEqualTo(2000);
    }

    @Test
    void aRequestUnderOrAtTheLimitKeepsItsValue() {
        assertThat(apply(config(Setting.limit(2000), null), sent(1500, null)).parameters().maxTokens()).isEqualTo(1500);
        assertThat(apply(config(Setting.limit(2000), null), sent(2000, null)).parameters().maxTokens()).isEqualTo(2000);
    }

    @Test
    void aRequestAboveTheLimitIsRefusedNamingTheMemberAndTheProfilesLimit() {
        assertThatThrownBy(() -> apply(config(Setting.limit(2000), null), sent(2001, null)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("1 validation error detected: Value '2001' at 'inferenceConfig.maxTokens' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 2000, the limit set by inference "
                        + "profile " + PROFILE);
    }

    @Test
    void aTemperatureLimitRefusesAWarmerRequestAndIsTheTemperatureOfOneThatSendsNone() {
        StoredInferenceConfig config = config(null, Setting.limit(0.5));

        assertThatThrownBy(() -> apply(config, sent(null, 0.7)))
                .hasMessageContaining("Value '0.7' at 'inferenceConfig.temperature'")
                .hasMessageContaining("less than or equal to 0.5, the limit set by inference profile " + PROFILE);
        assertThat(apply(config, sent(null, null)).parameters().temperature()).isEqualTo(0.5);
    }

    @Test
    void aFixedValueIsTheValueOfARequestThatSendsNone() {
        assertThat(apply(config(null, Setting.fixed(0.0)), sent(null, null)).parameters().temperature()).isEqualTo(0.0);
    }

    @Test
    void aRequestThatSendsTheFixedValueIsServed() {
        assertThat(apply(config(null, Setting.fixed(0.25)), sent(null, 0.25)).parameters().temperature()).isEqualTo(0.25);
    }

    @Test
    void aRequestThatSendsAnotherValueThanTheFixedOneIsRefusedNamingTheFixedValue() {
        assertThatThrownBy(() -> apply(config(null, Setting.fixed(0.25)), sent(null, 0.3)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("1 validation error detected: Value '0.3' at 'inferenceConfig.temperature' failed to "
                        + "satisfy constraint: Member must equal 0.25, the value fixed by inference profile " + PROFILE);
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        assertThatThrownBy(() -> apply(config(Setting.limit(10), Setting.fixed(0.0)), sent(11, 1.0)))
                .hasMessageStartingWith("2 validation errors detected: Value '11' at 'inferenceConfig.maxTokens'")
                .hasMessageContaining("; Value '1' at 'inferenceConfig.temperature'");
    }

    @Test
    void aNativeBodyIsRefusedInItsOwnFieldNames() {
        assertThatThrownBy(() -> config(Setting.limit(10), null).apply(PROFILE, sent(11, null), ANTHROPIC, "bedrock-2023-05-31"))
                .hasMessageContaining("Value '11' at '#/max_tokens'");
    }

    @Test
    void topPAndTopKFollowTheirModes() {
        StoredInferenceConfig config = new StoredInferenceConfig(null, null, Setting.byDefault(0.9), Setting.limit(40),
                null, null, null);

        ChatRequest applied = apply(config, request(InferenceParameters.DEFAULTS));

        assertThat(applied.parameters().topP()).isEqualTo(0.9);
        assertThat(applied.parameters().topK()).isEqualTo(40);
        assertThatThrownBy(() -> apply(config, request(new InferenceParameters(null, null, null, 41, List.of()))))
                .hasMessageContaining("Value '41' at 'additionalModelRequestFields.top_k'");
    }

    @Test
    void defaultStopSequencesApplyOnlyToARequestWithout() {
        StoredInferenceConfig config = new StoredInferenceConfig(null, null, null, null,
                Setting.byDefault(List.of("END")), null, null);

        assertThat(apply(config, request(InferenceParameters.DEFAULTS)).parameters().stopSequences()).containsExactly("END");
        assertThat(apply(config, request(new InferenceParameters(null, null, null, null, List.of("STOP"))))
                .parameters().stopSequences()).containsExactly("STOP");
    }

    @Test
    void fixedStopSequencesAcceptTheSameSetInAnyOrderAndRefuseAnother() {
        StoredInferenceConfig config = new StoredInferenceConfig(null, null, null, null,
                Setting.fixed(List.of("END", "STOP")), null, null);

        assertThat(apply(config, request(new InferenceParameters(null, null, null, null, List.of("STOP", "END"))))
                .parameters().stopSequences()).containsExactly("STOP", "END");
        assertThatThrownBy(() -> apply(config, request(new InferenceParameters(null, null, null, null, List.of("END")))))
                .hasMessageContaining("Value '[END]' at 'inferenceConfig.stopSequences'")
                .hasMessageContaining("Member must equal [END, STOP], the value fixed by inference profile");
    }

    @Test
    void aDefaultResponseFormatGivesARequestWithoutOneTheProfilesSchema() {
        OutputSchema profileSchema = schema("answer");
        StoredInferenceConfig config = new StoredInferenceConfig(null, null, null, null, null, null,
                Setting.byDefault(profileSchema));

        assertThat(apply(config, request(InferenceParameters.DEFAULTS)).outputSchema()).isSameAs(profileSchema);
    }

    @Test
    void aFixedResponseFormatRefusesAnotherSchemaWithoutEchoingIt() {
        StoredInferenceConfig config = new StoredInferenceConfig(null, null, null, null, null, null,
                Setting.fixed(schema("answer")));
        ChatRequest other = new ChatRequest(List.of(), request(InferenceParameters.DEFAULTS).messages(),
                InferenceParameters.DEFAULTS, List.of(), null, null, schema("secret"));
        ChatRequest same = new ChatRequest(List.of(), other.messages(), InferenceParameters.DEFAULTS, List.of(), null,
                null, schema("answer"));

        assertThatThrownBy(() -> apply(config, other))
                .hasMessage("1 validation error detected: Value at 'outputConfig.textFormat' failed to satisfy "
                        + "constraint: Member must be the JSON schema fixed by inference profile " + PROFILE);
        assertThat(apply(config, same).outputSchema()).isSameAs(same.outputSchema());
    }

    @Test
    void aFixedAnthropicVersionRefusesANativeBodyWithAnother() {
        StoredInferenceConfig config = new StoredInferenceConfig(null, null, null, null, null,
                Setting.fixed("bedrock-2023-05-31"), null);

        assertThat(config.apply(PROFILE, sent(10, null), ANTHROPIC, "bedrock-2023-05-31").parameters().maxTokens())
                .isEqualTo(10);
        assertThatThrownBy(() -> config.apply(PROFILE, sent(10, null), ANTHROPIC, "bedrock-2099-01-01"))
                .hasMessageContaining("Value 'bedrock-2099-01-01' at '#/anthropic_version'")
                .hasMessageContaining("Member must equal bedrock-2023-05-31");
    }

    @Test
    void theMergeKeepsEverythingElseOfTheRequest() {
        ChatRequest request = new ChatRequest(List.of("be brief"), sent(null, null).messages(),
                InferenceParameters.DEFAULTS, List.of(), "auto", JsonNodeFactory.instance.objectNode().put("x", 1));

        ChatRequest applied = apply(config(Setting.byDefault(7), null), request);

        assertThat(applied.system()).isEqualTo(request.system());
        assertThat(applied.messages()).isEqualTo(request.messages());
        assertThat(applied.toolChoice()).isEqualTo("auto");
        assertThat(applied.additionalFields()).isEqualTo(request.additionalFields());
    }
}
