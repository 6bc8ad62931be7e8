package dev.outcrop.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.ToolSpec;
import dev.outcrop.providers.Tokenizer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible provider against replays of vLLM's and Ollama's exact stream shapes. */
class OpenAiCompatibleProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tokenizer TOKENIZER = new Tokenizer();

    private FakeOpenAiServer server;
    private OpenAiCompatibleProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
        provider = new OpenAiCompatibleProvider(TOKENIZER, Map.of(server.url().toString(), "sk-test-key"), true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Deployment deployment(Duration firstByteTimeout) {
        return new Deployment("meta.llama3-1-8b-instruct-v1:0", "us-east-1", "openai", server.url(),
                "meta-llama/Llama-3.1-8B-Instruct", Duration.ofSeconds(30), firstByteTimeout);
    }

    private static ChatRequest ask(String text, InferenceParameters parameters) {
        return new ChatRequest(List.of("You are terse."), List.of(new Message("user", List.of(new ContentBlock.Text(text)))),
                parameters, List.of(), null, null);
    }

    private ChatResult converse(ChatRequest request) {
        ChatAccumulator answer = new ChatAccumulator();
        provider.converse(deployment(Duration.ofSeconds(5)), request, answer);
        return answer.result();
    }

    /** vLLM 0.6+: role chunk, content chunks, a finish chunk (with stop_reason), a usage chunk with no choices. */
    private static final String[] VLLM = {
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"total_tokens\":23,\"completion_tokens\":2}}\n\n",
        "data: [DONE]\n\n"
    };

    /** Ollama's /v1 before include_usage support: role on every chunk, finish_reason on the last content chunk, no usage. */
    private static final String[] OLLAMA = {
        "data: {\"id\":\"chatcmpl-42\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama3.1\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-42\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama3.1\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\" world\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: [DONE]\n\n"
    };

    @Test
    void aVllmStreamBecomesEventsWithTheServersUsage() {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM));
        List<ChatEvent> events = new ArrayList<>();

        provider.converse(deployment(Duration.ofSeconds(5)), ask("hi", InferenceParameters.DEFAULTS), events::add);

        assertThat(events).containsExactly(new ChatEvent.MessageStart("assistant"), new ChatEvent.TextDelta(0, "Hello"),
                new ChatEvent.TextDelta(0, " there"), new ChatEvent.BlockStop(0),
                new ChatEvent.MessageStop(StopReason.END_TURN),
                new ChatEvent.Metadata(new dev.outcrop.invoke.Usage(21, 2, 0, 0)));
    }

    @Test
    void fieldsInAnyOrderNullsAndCachedTokensReadAsTheirMeaning() {
        // Chunks are read with a streaming parser: the order of fields must not matter, nor unknown fields.
        server.answer(FakeOpenAiServer.Answer.sse(
                "data: {\"choices\":[{\"finish_reason\":null,\"delta\":{\"extra\":{\"a\":[1,{\"b\":2}]},\"content\":\"A\"},\"index\":0}],\"id\":\"c\"}\n\n",
                "data: {\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":7},\"completion_tokens\":3,\"prompt_tokens\":30},\"choices\":[{\"stop_reason\":\"END\",\"finish_reason\":\"stop\",\"delta\":{\"content\":null}}]}\n\n",
                "data: [DONE]\n\n"));
        List<ChatEvent> events = new ArrayList<>();

        provider.converse(deployment(Duration.ofSeconds(5)), ask("hi", new InferenceParameters(null, null, null, null, List.of("END"))),
                events::add);

        assertThat(events).containsExactly(new ChatEvent.MessageStart("assistant"), new ChatEvent.TextDelta(0, "A"),
                new ChatEvent.BlockStop(0), new ChatEvent.MessageStop(StopReason.STOP_SEQUENCE, "END"),
                new ChatEvent.Metadata(new dev.outcrop.invoke.Usage(23, 3, 7, 0)));
    }

    @Test
    void cachedPromptTokensAreCacheReadsAndNotAlsoInputTokens() {
        server.answer(FakeOpenAiServer.Answer.vllm(List.of("Hi"), "stop", null, 29, 1, 2));

        assertThat(converse(ask("hi", InferenceParameters.DEFAULTS)).usage())
                .isEqualTo(new dev.outcrop.invoke.Usage(27, 1, 2, 0));
    }

    @Test
    void anOllamaStreamWithUsageIsCountedAsItsServerReports() {
        server.answer(FakeOpenAiServer.Answer.ollama(List.of("Hello", " world"), "stop", 26, 2));

        assertThat(converse(ask("hi", InferenceParameters.DEFAULTS)).usage())
                .isEqualTo(new dev.outcrop.invoke.Usage(26, 2, 0, 0));
    }

    @Test
    void aTruncatedFirstChunkAddsNoEventAndIsNotAnAnswer() {
        server.answer(FakeOpenAiServer.Answer.sse(
                "data: {\"choices\":[{\"delta\":{\"content\":\"A\"},\"finish_reason\":null}\n\n", "data: [DONE]\n\n"));
        List<ChatEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> provider.converse(deployment(Duration.ofSeconds(5)), ask("hi", InferenceParameters.DEFAULTS),
                events::add)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(events).isEmpty();
    }

    @Test
    void anOllamaStreamWithoutUsageIsMeasuredWithTheTokenizer() {
        server.answer(FakeOpenAiServer.Answer.sse(OLLAMA));

        ChatResult result = converse(ask("hi", InferenceParameters.DEFAULTS));

        assertThat(result.text()).isEqualTo("Hello world");
        assertThat(result.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(result.usage().outputTokens()).isEqualTo(TOKENIZER.count("Hello world"));
        assertThat(result.usage().inputTokens()).isEqualTo(TOKENIZER.count(ask("hi", InferenceParameters.DEFAULTS)));
    }

    @Test
    void theRequestCarriesTheConversationParametersAndKey() throws Exception {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM));

        converse(ask("hi", new InferenceParameters(64, 0.2, 0.9, 40, List.of("END"))));

        JsonNode sent = JSON.readTree(server.requests().getFirst());
        assertThat(sent.path("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(sent.path("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"hi\"}]");
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(sent.path("top_k").asInt()).isEqualTo(40);
        assertThat(sent.path("stop").toString()).isEqualTo("[\"END\"]");
        assertThat(server.authorizations()).containsExactly("Bearer sk-test-key");
    }

    @Test
    void aStopStringNamedByVllmIsAStopSequence() {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM[0], VLLM[1],
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\",\"stop_reason\":\"END\"}]}\n\n",
                VLLM[4], VLLM[5]));

        assertThat(converse(ask("hi", new InferenceParameters(null, null, null, null, List.of("END")))).stopReason())
                .isEqualTo(StopReason.STOP_SEQUENCE);
    }

    @Test
    void streamedToolCallsBecomeToolUseBlocksAndToolResultsGoBackAsToolMessages() throws Exception {
        server.answer(FakeOpenAiServer.Answer.sse(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"chatcmpl-tool-9\",\"type\":\"function\",\"index\":0,\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \"}}]},\"finish_reason\":null}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
                VLLM[4], VLLM[5]));
        ToolSpec weather = new ToolSpec("get_weather", "Weather", JSON.readTree("{\"type\":\"object\"}"));
        ChatRequest request = new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text("Paris?")))),
                null, List.of(weather), null, null);

        ChatResult result = converse(request);

        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_USE);
        ContentBlock.ToolUse use = (ContentBlock.ToolUse) result.content().getFirst();
        assertThat(use.toolUseId()).isEqualTo("chatcmpl-tool-9");
        assertThat(use.input().path("city").asText()).isEqualTo("Paris");
        assertThat(JSON.readTree(server.requests().getFirst()).path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");

        server.answer(FakeOpenAiServer.Answer.sse(VLLM));
        converse(new ChatRequest(List.of(), List.of(request.messages().getFirst(),
                new Message("assistant", List.of(use)),
                new Message("user", List.of(new ContentBlock.ToolResult(use.toolUseId(),
                        List.of(JsonNodeFactory.instance.objectNode().put("text", "18C")), "success")))),
                null, List.of(weather), null, null));
        JsonNode messages = JSON.readTree(server.requests().get(1)).path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(messages.get(1).path("content").isNull()).isTrue();
        assertThat(messages.get(2).toString()).isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"chatcmpl-tool-9\",\"content\":\"18C\"}");
    }

    private JsonNode sentMessages(List<ContentBlock> userBlocks) throws Exception {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM));
        converse(new ChatRequest(List.of(), List.of(new Message("user", userBlocks)), null, List.of(), null, null));
        return JSON.readTree(server.requests().getLast()).path("messages");
    }

    private static ContentBlock.Other block(String json) throws Exception {
        JsonNode wire = JSON.readTree(json);
        return new ContentBlock.Other(wire.fieldNames().next(), wire);
    }

    @Test
    void severalTextBlocksKeepALineBreakBetweenThem() throws Exception {
        JsonNode messages = sentMessages(List.of(new ContentBlock.Text("Hello there"), new ContentBlock.Text("second block")));

        assertThat(messages.get(0).path("content").asText()).isEqualTo("Hello there\nsecond block");
    }

    @Test
    void aTextDocumentIsSentAsTextWithItsNameAndFormat() throws Exception {
        String bytes = java.util.Base64.getEncoder().encodeToString("# Plan\nShip it.".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        JsonNode messages = sentMessages(List.of(
                block("{\"document\":{\"format\":\"md\",\"name\":\"plan\",\"source\":{\"bytes\":\"" + bytes + "\"}}}"),
                new ContentBlock.Text("Summarize it.")));

        assertThat(messages.get(0).path("content").asText())
                .isEqualTo("<document name=\"plan\" format=\"md\">\n# Plan\nShip it.\n</document>\nSummarize it.");
    }

    @Test
    void aBinaryDocumentIsRefusedNamingTheBlockAndNothingIsSent() {
        assertThatThrownBy(() -> sentMessages(List.of(new ContentBlock.Text("Read this"),
                block("{\"document\":{\"format\":\"pdf\",\"name\":\"report\",\"source\":{\"bytes\":\"JVBERi0=\"}}}"))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("This model doesn't support the document content block that you provided at "
                        + "messages.0.content.1.document (this model reads the text formats csv, html, md and txt, not pdf).");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aVideoIsRefusedNamingTheBlock() {
        assertThatThrownBy(() -> sentMessages(List.of(block("{\"video\":{\"format\":\"mp4\",\"source\":{\"bytes\":\"AAAA\"}}}"))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("This model doesn't support the video content block that you provided at messages.0.content.0.");
    }

    @Test
    void aToolResultKeepsItsJsonItsTextAndItsErrorStatus() throws Exception {
        ObjectMapper json = JSON;
        ToolSpec weather = new ToolSpec("get_weather", "Weather", json.readTree("{\"type\":\"object\"}"));
        ContentBlock.ToolUse use = new ContentBlock.ToolUse("call-1", "get_weather", json.readTree("{\"city\":\"Paris\"}"));
        server.answer(FakeOpenAiServer.Answer.sse(VLLM));

        converse(new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text("Paris?"))),
                new Message("assistant", List.of(use)),
                new Message("user", List.of(new ContentBlock.ToolResult("call-1", List.of(json.readTree("{\"json\":{\"temp\":21}}"),
                        json.readTree("{\"text\":\"sunny\"}")), "error")))), null, List.of(weather), null, null));

        JsonNode tool = JSON.readTree(server.requests().getLast()).path("messages").get(2);
        assertThat(tool.toString()).isEqualTo(
                "{\"role\":\"tool\",\"tool_call_id\":\"call-1\",\"content\":\"Error: {\\\"temp\\\":21}\\nsunny\"}");
    }

    @Test
    void anImageInAToolResultIsRefusedNamingTheBlock() throws Exception {
        ContentBlock.ToolResult result = new ContentBlock.ToolResult("call-1",
                List.of(JSON.readTree("{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"AAAA\"}}}")), null);

        assertThatThrownBy(() -> sentMessages(List.of(result))).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("This model doesn't support the image content block that you provided at "
                        + "messages.0.content.0.toolResult.content.0");
    }

    @Test
    void aPartialAnswerIsContinuedWithVllmsExtension() throws Exception {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM));

        converse(ask("hi", InferenceParameters.DEFAULTS).continuing("Hello"));

        JsonNode sent = JSON.readTree(server.requests().getFirst());
        assertThat(sent.path("continue_final_message").asBoolean()).isTrue();
        assertThat(sent.path("add_generation_prompt").asBoolean()).isFalse();
        assertThat(sent.path("messages").get(2).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"Hello\"}");
    }

    @Test
    void backendStatusesBecomeTheBedrockErrorsClientsActOn() {
        server.answer(new FakeOpenAiServer.Answer(429, "application/json",
                List.of("{\"object\":\"error\",\"message\":\"queue full\",\"type\":\"RateLimitError\",\"code\":429}"), false, 0));
        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOf(ThrottlingException.class).hasMessage("Too many requests, please wait before trying again.");

        server.answer(new FakeOpenAiServer.Answer(503, "application/json", List.of("{\"error\":{\"message\":\"loading\"}}"), false, 0));
        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOf(ServiceUnavailableException.class).hasMessage("Bedrock is unable to process your request.");

        server.answer(new FakeOpenAiServer.Answer(500, "application/json", List.of("{\"error\":\"CUDA out of memory\"}"), false, 0));
        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.originalStatusCode()).isEqualTo(500);
                    assertThat(e.extraMembers()).containsEntry("resourceName", "meta.llama3-1-8b-instruct-v1:0");
                });

        server.answer(FakeOpenAiServer.Answer.vllmError(400, "max_tokens is too large"));
        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("The model returned the following errors: max_tokens is too large");
    }

    @Test
    void callersGetBedrocksMessagesAndTheBackendsWordsStayInTheInternalDetail() {
        server.answer(new FakeOpenAiServer.Answer(500, "application/json", List.of("{\"error\":\"CUDA out of memory\"}"), false, 0));

        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("The system encountered an unexpected error during processing. "
                            + "Try your request again.");
                    assertThat(e.extraMembers().toString()).doesNotContain("Llama-3.1-8B-Instruct", "us-east-1", "127.0.0.1");
                    assertThat(e.internalDetail()).contains("meta.llama3-1-8b-instruct-v1:0@us-east-1", server.url().toString(),
                            "meta-llama/Llama-3.1-8B-Instruct", "answered 500: CUDA out of memory");
                });
    }

    @Test
    void anErrorEventMidStreamKeepsTheBackendsMessageOutOfTheCallersError() {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM[0], VLLM[1],
                "data: {\"error\":{\"message\":\"engine died on gpu-node-7\",\"code\":500}}\n\n"));

        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOfSatisfying(ModelStreamErrorException.class, e -> {
                    assertThat(e.getMessage() + e.extraMembers()).doesNotContain("gpu-node-7");
                    assertThat(e.extraMembers()).containsEntry("originalStatusCode", 500);
                    assertThat(e.internalDetail()).contains("engine died on gpu-node-7");
                });
    }

    @Test
    void anUnreachableBackendIsServiceUnavailable() {
        Deployment nowhere = new Deployment("m", "us-east-1", "openai", URI.create("http://127.0.0.1:1/v1"), "m",
                Duration.ofSeconds(5), Duration.ofSeconds(2));

        assertThatThrownBy(() -> provider.converse(nowhere, ask("hi", InferenceParameters.DEFAULTS), e -> { }))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void aBackendThatSendsNoFirstTokenInTimeIsAModelTimeout() {
        server.answer(new FakeOpenAiServer.Answer(200, "text/event-stream", List.of(": keep-alive\n\n"), true, 3_000));

        assertThatThrownBy(() -> provider.converse(deployment(Duration.ofMillis(300)), ask("hi", InferenceParameters.DEFAULTS),
                e -> { })).isInstanceOf(ModelTimeoutException.class);
    }

    @Test
    void afterTheFirstTokenOnlyTheCallsOwnLimitStopsAStalledStream() {
        // The first token comes at once, then the backend stalls for 3 s: past the 200 ms first-token limit, which
        // no longer applies, and past the call's 1 s limit, which ends the stream.
        server.answer(new FakeOpenAiServer.Answer(200, "text/event-stream", List.of(VLLM[0], VLLM[1]), false, 3_000));
        Deployment deployment = new Deployment("meta.llama3-1-8b-instruct-v1:0", "us-east-1", "openai", server.url(),
                "meta-llama/Llama-3.1-8B-Instruct", Duration.ofSeconds(1), Duration.ofMillis(200));
        List<ChatEvent> events = new ArrayList<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> provider.converse(deployment, ask("hi", InferenceParameters.DEFAULTS), events::add))
                .isInstanceOfSatisfying(ModelStreamErrorException.class,
                        e -> assertThat(e.internalDetail()).contains("the answer took longer than 1000 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopped by the call's limit, not the first token's")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(events).contains(new ChatEvent.TextDelta(0, "Hello"));
    }

    @Test
    void aStreamThatBreaksOffAfterTheFirstTokenIsAModelStreamError() {
        server.answer(new FakeOpenAiServer.Answer(200, "text/event-stream", List.of(VLLM[0], VLLM[1]), true, 0));
        List<ChatEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> provider.converse(deployment(Duration.ofSeconds(5)), ask("hi", InferenceParameters.DEFAULTS),
                events::add)).isInstanceOf(ModelStreamErrorException.class);
        assertThat(events).contains(new ChatEvent.TextDelta(0, "Hello"));
    }

    @Test
    void anErrorEventInTheStreamIsAModelStreamError() {
        server.answer(FakeOpenAiServer.Answer.sse(VLLM[0], VLLM[1],
                "data: {\"error\":{\"message\":\"engine died\",\"code\":500}}\n\n"));

        assertThatThrownBy(() -> converse(ask("hi", InferenceParameters.DEFAULTS)))
                .isInstanceOf(ModelStreamErrorException.class);
    }
}
