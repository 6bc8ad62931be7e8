package dev.outcrop.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a prompt version and a Converse request become the Converse request that runs. */
class PromptRenderingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Prompt version(String variants) {
        return new Prompt("PROMPT0001", "123456789012", "us-east-1", 1, "p", null, null, null, json(variants),
                Instant.EPOCH, Instant.EPOCH, null, "fp", 0);
    }

    private static final Prompt TEXT = version("""
            [{"name": "main", "templateType": "TEXT", "modelId": "%s",
              "templateConfiguration": {"text": {"text": "Translate {{text}} into {{language}}.",
                "inputVariables": [{"name": "text"}, {"name": "language"}]}},
              "inferenceConfiguration": {"text": {"temperature": 0.1, "maxTokens": 50, "stopSequences": ["END"]}},
              "additionalModelRequestFields": {"top_k": 5}}]""".formatted(PROFILE));

    private static final Prompt CHAT = version("""
            [{"name": "main", "templateType": "CHAT", "modelId": "%s",
              "templateConfiguration": {"chat": {
                "system": [{"text": "You answer as {{persona}}."}],
                "messages": [{"role": "user", "content": [{"text": "Hello {{name}}"}]},
                             {"role": "assistant", "content": [{"text": "Hi."}]}],
                "inputVariables": [{"name": "persona"}, {"name": "name"}],
                "toolConfiguration": {"tools": [{"toolSpec": {"name": "lookup", "inputSchema": {"json": {}}}}]}}}}]"""
            .formatted(PROFILE));

    private static ObjectNode request(String text) {
        return (ObjectNode) json(text);
    }

    private static ObjectNode render(Prompt version, ObjectNode request) {
        return PromptRendering.render(version, request, 1_000_000);
    }

    @Test
    void aTextTemplateBecomesOneUserMessageWithItsVariablesFilled() {
        ObjectNode rendered = render(TEXT, request("""
                {"modelId": "x", "promptVariables": {"text": {"text": "bonjour"}, "language": {"text": "English"}}}"""));

        assertThat(rendered.path("modelId").asText()).isEqualTo(PROFILE);
        assertThat(rendered.path("messages")).isEqualTo(json(
                "[{\"role\": \"user\", \"content\": [{\"text\": \"Translate bonjour into English.\"}]}]"));
        assertThat(rendered.has("promptVariables")).isFalse();
    }

    @Test
    void theVariantsInferenceConfigurationAndAdditionalFieldsAreTheRequests() {
        ObjectNode rendered = render(TEXT, request("""
                {"promptVariables": {"text": {"text": "a"}, "language": {"text": "b"}}}"""));

        assertThat(rendered.path("inferenceConfig")).isEqualTo(
                json("{\"temperature\": 0.1, \"maxTokens\": 50, \"stopSequences\": [\"END\"]}"));
        assertThat(rendered.path("additionalModelRequestFields")).isEqualTo(json("{\"top_k\": 5}"));
    }

    @Test
    void aChatTemplateGivesSystemMessagesAndToolsAndTheRequestsMessagesFollow() {
        ObjectNode rendered = render(CHAT, request("""
                {"promptVariables": {"persona": {"text": "a pirate"}, "name": {"text": "Ann"}},
                 "messages": [{"role": "user", "content": [{"text": "Where is the treasure?"}]}]}"""));

        assertThat(rendered.path("system")).isEqualTo(json("[{\"text\": \"You answer as a pirate.\"}]"));
        assertThat(rendered.path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user");
        assertThat(rendered.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello Ann");
        assertThat(rendered.path("messages").get(2).path("content").get(0).path("text").asText())
                .isEqualTo("Where is the treasure?");
        assertThat(rendered.path("toolConfig").path("tools").get(0).path("toolSpec").path("name").asText())
                .isEqualTo("lookup");
    }

    @Test
    void aValueContainingAPlaceholderIsInsertedAsItIsNeverFilledAgain() {
        ObjectNode rendered = render(TEXT, request("""
                {"promptVariables": {"text": {"text": "{{language}}"}, "language": {"text": "French"}}}"""));

        assertThat(rendered.path("messages").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("Translate {{language}} into French.");
    }

    @Test
    void eachMemberOnlyThePromptMayGiveIsRefusedInTheRequest() {
        for (String member : PromptRendering.PROMPT_ONLY_MEMBERS) {
            ObjectNode request = request("{\"promptVariables\": {\"text\": {\"text\": \"a\"}, \"language\": {\"text\": \"b\"}}}");
            request.putObject(member);

            assertThatThrownBy(() -> render(TEXT, request)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'" + member + "'");
        }
    }

    @Test
    void aVariableWithoutAValueIsRefusedNamingIt() {
        assertThatThrownBy(() -> render(TEXT, request(
                "{\"promptVariables\": {\"text\": {\"text\": \"a\"}}}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("language");
    }

    @Test
    void aValueForAVariableThePromptDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> render(TEXT, request("""
                {"promptVariables": {"text": {"text": "a"}, "language": {"text": "b"}, "tone": {"text": "c"}}}""")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'tone'");
    }

    @Test
    void aVariantWithoutAModelCannotRun() {
        Prompt noModel = version("""
                [{"name": "main", "templateType": "TEXT", "templateConfiguration": {"text": {"text": "hi"}}}]""");

        assertThatThrownBy(() -> render(noModel, request("{}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("names no modelId");
    }

    @Test
    void theFilledSizeIsComputedBeforeFillingAndBoundsTheRenderedPrompt() {
        ObjectNode request = request("""
                {"promptVariables": {"persona": {"text": "a pirate \u00e9\ud83d\ude00"}, "name": {"text": "{{persona}}"}}}""");
        ObjectNode rendered = PromptRendering.render(CHAT, request, 1_000);
        long bytes = 0;
        for (JsonNode text : rendered.findValues("text")) {
            bytes += text.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        long computed = bytes;

        assertThat(PromptRendering.render(CHAT, request, computed)).isEqualTo(rendered);
        assertThatThrownBy(() -> PromptRendering.render(CHAT, request, computed - 1))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Input is too long for requested model.")
                .hasMessageContaining(computed + " bytes");
    }
}
