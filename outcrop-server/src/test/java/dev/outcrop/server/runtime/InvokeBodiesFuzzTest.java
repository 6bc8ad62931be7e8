package dev.outcrop.server.runtime;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.InferenceParameters;
import java.util.List;

/**
 * Fuzz target of the native {@code InvokeModel} bodies (Jazzer; docs/security.md): every family reads a body
 * into a request or refuses it with a {@link ValidationException} in Bedrock's words, and a request it reads
 * never carries a token limit below 1 (a budget would reserve nothing for it) nor a negative top_k. Seeds:
 * {@code InvokeBodiesFuzzTestInputs/} in test resources (one body of each family).
 */
class InvokeBodiesFuzzTest {
    private static final List<String> FAMILIES = List.of("anthropic", "nova", "llama", "mistral", "titan-text");

    @FuzzTest(maxDuration = "2s")
    void everyFamilyReadsABodyWithinBedrocksBoundsOrRefusesIt(byte[] body) {
        for (String name : FAMILIES) {
            ChatRequest request;
            try {
                request = InvokeBodies.parse(InvokeBodies.family(name, "fuzzed-model"), "fuzzed-model", body);
            } catch (ValidationException refused) {
                continue;
            }
            InferenceParameters parameters = request.parameters();
            if (parameters.maxTokens() != null && parameters.maxTokens() < 1
                    || parameters.topK() != null && parameters.topK() < 0) {
                throw new IllegalStateException(name + " read limits a budget cannot hold: " + parameters);
            }
        }
    }
}
