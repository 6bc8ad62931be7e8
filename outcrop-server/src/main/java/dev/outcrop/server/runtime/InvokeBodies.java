package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.Target;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The native body families of {@code InvokeModel}, chosen by the foundation model's family. */
final class InvokeBodies {
    private static final Map<String, NativeFamily> FAMILIES = Map.of(
            "anthropic", new AnthropicMessagesBody(),
            "nova", new NovaMessagesBody(),
            "llama", new LlamaBody(),
            "mistral", new MistralBody(),
            "titan-text", new TitanTextBody());

    private InvokeBodies() {}

    /** The family of a catalog family name. */
    static NativeFamily family(String catalogFamily, String modelId) {
        NativeFamily family = FAMILIES.get(catalogFamily);
        if (family == null) {
            throw new ValidationException("InvokeModel with the native body of " + modelId
                    + " is not supported by Outcrop; call it with Converse instead.");
        }
        return family;
    }

    /** Parses {@code body} as {@code family}'s request or says what was expected. */
    static ChatRequest parse(NativeFamily family, String modelId, byte[] body) {
        JsonNode json;
        try {
            json = Json.readStrict(body);
        } catch (Json.RepeatedMember e) {
            throw new ValidationException("Malformed input request: #" + e.pointer()
                    + ": the key appears more than once, please reformat your input and try again.");
        } catch (IOException e) {
            throw new ValidationException("The request body is not valid JSON. " + modelId + " takes a "
                    + family.name() + " request, for example: " + family.example());
        }
        ChatRequest request = json == null || !json.isObject() ? null : family.parse(json);
        if (request == null) {
            throw new ValidationException("Malformed input request: the body does not match the " + family.name()
                    + " request format of " + modelId + ". Expected, for example: " + family.example());
        }
        return request;
    }

    /** The request a CountTokens {@code invokeModel} body (base64) stands for, for counting only. */
    static ChatRequest countTokensRequest(Target target, String base64Body) {
        byte[] body = Base64.getDecoder().decode(base64Body);
        String text = new String(body, StandardCharsets.UTF_8);
        for (NativeFamily family : FAMILIES.values()) {
            try {
                ChatRequest parsed = family.parse(Json.readStrict(body));
                if (parsed != null) {
                    return parsed;
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text(text)))),
                null, List.of(), null, null);
    }

    /** A one-turn request of a prompt-completion family. */
    static ChatRequest prompt(String prompt, InferenceParameters parameters) {
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text(prompt)))),
                parameters, List.of(), null, null);
    }
}
