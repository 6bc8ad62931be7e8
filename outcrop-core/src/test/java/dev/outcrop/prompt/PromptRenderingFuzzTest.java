package dev.outcrop.prompt;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzz target of what a caller sends a prompt version (Jazzer): a {@code modelId} read as a prompt identifier and
 * a Converse request rendered through a text and a chat prompt either work or are a Bedrock error, never another
 * exception (a 500).
 */
class PromptRenderingFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestScope SCOPE = new RequestScope("aws", "123456789012", "us-east-1");
    private static final Prompt TEXT = prompt("""
            [{"name": "v", "templateType": "TEXT", "modelId": "m",
              "templateConfiguration": {"text": {"text": "A {{a}} B {{b}}", "inputVariables": [{"name": "a"}, {"name": "b"}]}}}]""");
    private static final Prompt CHAT = prompt("""
            [{"name": "v", "templateType": "CHAT", "modelId": "m", "templateConfiguration": {"chat": {
              "system": [{"text": "S {{a}}"}], "messages": [{"role": "user", "content": [{"text": "{{b}}"}]}],
              "inputVariables": [{"name": "a"}, {"name": "b"}]}}}]""");

    private static Prompt prompt(String variants) {
        try {
            return new Prompt("PROMPT0001", "123456789012", "us-east-1", 1, "p", null, null, null,
                    JSON.readTree(variants), Instant.EPOCH, Instant.EPOCH, null, "fp", 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "2s")
    void aCallersModelIdAndRequestRenderOrAreABedrockError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            PromptIdentifier.parse(SCOPE, text);
        } catch (BedrockException refused) {
            // a 400 or a 404
        }
        JsonNode request;
        try {
            request = JSON.readTree(text);
        } catch (IOException notJson) {
            return; // refused at the wire
        }
        if (!(request instanceof ObjectNode members)) {
            return;
        }
        for (Prompt prompt : new Prompt[] {TEXT, CHAT}) {
            try {
                PromptRendering.render(prompt, members, 1_000_000);
            } catch (BedrockException refused) {
                // a 400 naming the member
            }
        }
    }
}
