package dev.outcrop.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A fake OpenAI-compatible backend as a test configures it: its deployment, and the streams it answers. */
final class OpenAiBackends {
    private OpenAiBackends() {}

    /** A configuration serving {@code model} in us-east-1 from {@code backend}, the rest simulated. */
    static OutcropConfig deployment(String model, FakeOpenAiServer backend, Path dataDir) {
        return ConfigLoader.parse("""
                deployments:
                  - model: %s
                    regions: [us-east-1]
                    provider: openai
                    url: %s
                    remoteModel: remote-model
                """.formatted(model, backend.url()), "test").withDataDir(dataDir);
    }

    /**
     * A vLLM-shaped stream answering {@code pieces} of text (one chunk each), finishing with {@code stop} and
     * reporting the given usage.
     */
    static FakeOpenAiServer.Answer textStream(int promptTokens, int completionTokens, String... pieces) {
        return textStream("stop", promptTokens, completionTokens, pieces);
    }

    /** {@link #textStream(int, int, String...)} finishing with {@code finishReason} ({@code length}: cut off). */
    static FakeOpenAiServer.Answer textStream(String finishReason, int promptTokens, int completionTokens,
                                              String... pieces) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            ObjectNode delta = JsonNodeFactory.instance.objectNode().put("content", pieces[i]);
            if (i == 0) {
                delta.put("role", "assistant");
            }
            events.add(chunk(choice(delta, null)));
        }
        events.add(chunk(choice(JsonNodeFactory.instance.objectNode(), finishReason)));
        ObjectNode usage = JsonNodeFactory.instance.objectNode().put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens).put("total_tokens", promptTokens + completionTokens);
        ObjectNode last = base();
        last.putArray("choices");
        last.set("usage", usage);
        events.add("data: " + last + "\n\n");
        events.add("data: [DONE]\n\n");
        return FakeOpenAiServer.Answer.sse(events.toArray(String[]::new));
    }

    /**
     * A stream whose chunks carry each token's log-probability, as vLLM sends them to a request with
     * {@code logprobs: true}: every piece one token of probability {@code tokenProbability}.
     */
    static FakeOpenAiServer.Answer textStreamWithLogprobs(double tokenProbability, String... pieces) {
        List<String> events = new ArrayList<>();
        for (String piece : pieces) {
            ObjectNode choice = choice(JsonNodeFactory.instance.objectNode().put("content", piece), null);
            choice.putObject("logprobs").putArray("content").addObject().put("token", piece)
                    .put("logprob", Math.log(tokenProbability)).putArray("top_logprobs");
            events.add(chunk(choice));
        }
        List<String> rest = textStream(10, pieces.length).parts();
        events.addAll(rest.subList(rest.size() - 3, rest.size())); // the finish, the usage and [DONE]
        return FakeOpenAiServer.Answer.sse(events.toArray(String[]::new));
    }

    /** A stream of a reasoning model as vLLM's reasoning parsers send it: {@code reasoning_content}, then text. */
    static FakeOpenAiServer.Answer reasoningStream(String reasoning, String text) {
        List<String> events = new ArrayList<>();
        events.add(chunk(choice(JsonNodeFactory.instance.objectNode().put("role", "assistant")
                .put("reasoning_content", reasoning), null)));
        FakeOpenAiServer.Answer rest = textStream(10, 20, text);
        events.addAll(rest.parts());
        return FakeOpenAiServer.Answer.sse(events.toArray(String[]::new));
    }

    private static ObjectNode base() {
        return JsonNodeFactory.instance.objectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "remote-model");
    }

    private static ObjectNode choice(ObjectNode delta, String finishReason) {
        ObjectNode choice = JsonNodeFactory.instance.objectNode().put("index", 0);
        choice.set("delta", delta);
        return finishReason == null ? choice.putNull("finish_reason") : choice.put("finish_reason", finishReason);
    }

    private static String chunk(ObjectNode choice) {
        ObjectNode chunk = base();
        chunk.putArray("choices").add(choice);
        return "data: " + chunk + "\n\n";
    }
}
