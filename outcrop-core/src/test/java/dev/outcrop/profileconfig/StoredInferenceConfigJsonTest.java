package dev.outcrop.profileconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.util.JsonMappers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON form of a stored configuration, read strictly. */
class StoredInferenceConfigJsonTest {
    private static JsonNode json(String text) {
        try {
            return JsonMappers.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static StoredInferenceConfig read(String text) {
        return StoredInferenceConfigJson.read(json(text));
    }

    @Test
    void everyKeyReadsWithItsModeAndWritesBackTheSame() {
        String document = "{'maxTokens':{'value':2000,'mode':'limit'},'temperature':{'value':0.7,'mode':'default'},"
                + "'topP':{'value':0.9,'mode':'fixed'},'topK':{'value':40,'mode':'limit'},"
                + "'stopSequences':{'value':['END'],'mode':'fixed'},"
                + "'anthropicVersion':{'value':'bedrock-2023-05-31','mode':'fixed'},"
                + "'responseFormat':{'value':{'name':'answer','description':'the answer','schema':{'type':'object'}},"
                + "'mode':'default'}}";

        StoredInferenceConfig config = read(document);

        assertThat(config.maxTokens()).isEqualTo(Setting.limit(2000));
        assertThat(config.temperature()).isEqualTo(Setting.byDefault(0.7));
        assertThat(config.topP()).isEqualTo(Setting.fixed(0.9));
        assertThat(config.topK()).isEqualTo(Setting.limit(40));
        assertThat(config.stopSequences()).isEqualTo(Setting.fixed(List.of("END")));
        assertThat(config.anthropicVersion()).isEqualTo(Setting.fixed("bedrock-2023-05-31"));
        assertThat(config.responseFormat().value().name()).isEqualTo("answer");
        assertThat(StoredInferenceConfigJson.write(config)).isEqualTo(json(document));
    }

    @Test
    void anEmptyObjectIsNoConfiguration() {
        assertThat(read("{}").isEmpty()).isTrue();
        assertThat(StoredInferenceConfigJson.write(StoredInferenceConfig.NONE).toString()).isEqualTo("{}");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> read("{'max_tokens':{'value':1,'mode':'default'}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("1 validation error detected: Value at 'max_tokens' failed to satisfy constraint: Member "
                        + "must be one of [maxTokens, temperature, topP, topK, stopSequences, anthropicVersion, "
                        + "responseFormat]");
    }

    @Test
    void aSettingWithoutModeOrValueIsRefused() {
        assertThatThrownBy(() -> read("{'maxTokens':{'value':10}}"))
                .hasMessageContaining("Value at 'maxTokens.mode' failed to satisfy constraint: Member must not be null");
        assertThatThrownBy(() -> read("{'maxTokens':{'mode':'limit'}}"))
                .hasMessageContaining("Value at 'maxTokens.value' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aBareValueIsRefusedRatherThanReadAsADefault() {
        assertThatThrownBy(() -> read("{'maxTokens':2000}"))
                .hasMessageContaining("Value at 'maxTokens' failed to satisfy constraint: Member must be an object "
                        + "with 'value' and 'mode'");
    }

    @Test
    void anUnknownModeIsRefusedWithTheModesOfThatKey() {
        assertThatThrownBy(() -> read("{'maxTokens':{'value':10,'mode':'LIMIT'}}"))
                .hasMessageContaining("Value 'LIMIT' at 'maxTokens.mode' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [default, limit, fixed]");
    }

    @Test
    void onlyNumbersCanBeLimited() {
        assertThatThrownBy(() -> read("{'stopSequences':{'value':['END'],'mode':'limit'}}"))
                .hasMessageContaining("at 'stopSequences.mode' failed to satisfy constraint: Member must satisfy enum "
                        + "value set: [default, fixed]");
        assertThatThrownBy(() -> read("{'responseFormat':{'value':{'schema':{}},'mode':'limit'}}"))
                .hasMessageContaining("at 'responseFormat.mode'");
    }

    @Test
    void anAnthropicVersionCanOnlyBeFixed() {
        assertThatThrownBy(() -> read("{'anthropicVersion':{'value':'bedrock-2023-05-31','mode':'default'}}"))
                .hasMessageContaining("at 'anthropicVersion.mode' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [fixed]");
    }

    @Test
    void valuesAreHeldToBedrocksBounds() {
        assertThatThrownBy(() -> read("{'maxTokens':{'value':0,'mode':'limit'}}"))
                .hasMessageContaining("Value '0' at 'maxTokens.value' failed to satisfy constraint: Member must have "
                        + "value greater than or equal to 1");
        assertThatThrownBy(() -> read("{'temperature':{'value':1.5,'mode':'default'}}"))
                .hasMessageContaining("Value '1.5' at 'temperature.value' failed to satisfy constraint: Member must "
                        + "have value less than or equal to 1");
        assertThatThrownBy(() -> read("{'topP':{'value':-0.1,'mode':'default'}}"))
                .hasMessageContaining("at 'topP.value' failed to satisfy constraint: Member must have value greater "
                        + "than or equal to 0");
        assertThatThrownBy(() -> read("{'topK':{'value':-1,'mode':'default'}}")).hasMessageContaining("'topK.value'");
    }

    @Test
    void valuesOfTheWrongTypeAreNeverConverted() {
        assertThatThrownBy(() -> read("{'maxTokens':{'value':'2000','mode':'limit'}}"))
                .hasMessageContaining("Value '2000' at 'maxTokens.value' failed to satisfy constraint: Member must be "
                        + "an integer");
        assertThatThrownBy(() -> read("{'maxTokens':{'value':20.5,'mode':'limit'}}"))
                .hasMessageContaining("Member must be an integer");
        assertThatThrownBy(() -> read("{'maxTokens':{'value':99999999999,'mode':'limit'}}"))
                .hasMessageContaining("Member must be an integer");
        assertThatThrownBy(() -> read("{'temperature':{'value':'0.5','mode':'default'}}"))
                .hasMessageContaining("Member must be a number");
    }

    @Test
    void stopSequencesAreOneTo2500NonEmptyStrings() {
        assertThatThrownBy(() -> read("{'stopSequences':{'value':[],'mode':'default'}}"))
                .hasMessageContaining("Member must be a list of 1 to 2500 strings");
        assertThatThrownBy(() -> read("{'stopSequences':{'value':['END',''],'mode':'default'}}"))
                .hasMessageContaining("Value at 'stopSequences.value.2' failed to satisfy constraint");
        assertThatThrownBy(() -> read("{'stopSequences':{'value':[1],'mode':'default'}}"))
                .hasMessageContaining("'stopSequences.value.1'");
    }

    @Test
    void aResponseFormatMustBeACompilableLocalSchema() {
        assertThatThrownBy(() -> read("{'responseFormat':{'value':{'schema':'{}'},'mode':'default'}}"))
                .hasMessageContaining("Value at 'responseFormat.value.schema' failed to satisfy constraint: Member must "
                        + "be a JSON schema (an object)");
        assertThatThrownBy(() -> read("{'responseFormat':{'value':{'schema':{'$ref':'https://example.com/s.json'}},"
                + "'mode':'default'}}"))
                .hasMessageContaining("is not local");
        assertThatThrownBy(() -> read("{'responseFormat':{'value':{'schema':{},'strict':true},'mode':'default'}}"))
                .hasMessageContaining("'responseFormat.value.strict'");
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        assertThatThrownBy(() -> read("{'maxTokens':{'value':0,'mode':'limit'},'temperature':{'value':2,'mode':'x'}}"))
                .hasMessageStartingWith("3 validation errors detected: ");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> read("[]")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be a JSON object");
    }
}
