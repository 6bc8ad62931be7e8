package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.invoke.OutputSchema;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Converse's {@code outputConfig}: a JSON-schema answer from the simulator and from an OpenAI-compatible
 * backend (asked with {@code response_format}), checked against the schema before the caller gets it.
 */
class StructuredOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["city","population","tags","coast"],
             "properties":{"city":{"type":"string","minLength":3},"population":{"type":"integer","minimum":1000},
             "tags":{"type":"array","minItems":2,"items":{"$ref":"#/$defs/tag"}},
             "coast":{"type":"string","enum":["north","south"]}},
             "$defs":{"tag":{"type":"object","required":["name"],"additionalProperties":false,
                             "properties":{"name":{"type":"string"}}}}}""";

    @TempDir
    Path dataDir;

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static OutputConfig outputConfig(String schema) {
        return OutputConfig.builder().textFormat(f -> f.type(OutputFormatType.JSON_SCHEMA)
                .structure(s -> s.jsonSchema(j -> j.name("city report").description("A city").schema(schema)))).build();
    }

    private static String streamedText(BedrockRuntimeAsyncClient async, ConverseStreamRequest request) {
        StringBuilder text = new StringBuilder();
        async.converseStream(request, ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onContentBlockDelta(e -> text.append(e.delta().text())).build()).build()).join();
        return text.toString();
    }

    private static List<String> violations(String answer) throws Exception {
        return OutputSchema.of(null, null, JSON.readTree(SCHEMA)).violations(answer);
    }

    @Test
    void theSimulatorAnswersJsonThatConformsToTheSchemaThroughConverseAndConverseStream() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockRuntimeClient runtime = outcrop.runtime();
             BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            ConverseResponse answer = runtime.converse(r -> r.modelId(LLAMA).messages(user("Describe Lisbon"))
                    .outputConfig(outputConfig(SCHEMA)));
            String streamed = streamedText(async, ConverseStreamRequest.builder().modelId(LLAMA)
                    .messages(user("Describe Lisbon")).outputConfig(outputConfig(SCHEMA)).build());

            String text = answer.output().message().content().getFirst().text();
            assertThat(violations(text)).isEmpty();
            assertThat(JSON.readTree(text).path("coast").asText()).isEqualTo("north");
            assertThat(answer.stopReasonAsString()).isEqualTo("end_turn");
            assertThat(streamed).isEqualTo(text);
        }
    }

    private static final FakeOpenAiServer.Answer CONFORMING = OpenAiBackends.textStream(20, 30,
            "{\"city\":\"Lisbon\",\"population\":545000,",
            "\"tags\":[{\"name\":\"port\"},{\"name\":\"hills\"}],\"coast\":\"south\"}");
    private static final FakeOpenAiServer.Answer PROSE = OpenAiBackends.textStream(20, 8, "Lisbon is a city by the sea.");

    private OutcropConfig backendConfig(FakeOpenAiServer backend) {
        return OpenAiBackends.deployment(LLAMA, backend, dataDir);
    }

    @Test
    void anOpenAiCompatibleBackendIsAskedForTheSchemaAsResponseFormatThroughConverseAndConverseStream()
            throws Exception {
        try (FakeOpenAiServer backend = new FakeOpenAiServer()) {
            backend.answer(CONFORMING);
            try (TestOutcrop outcrop = TestOutcrop.start(backendConfig(backend));
                 BedrockRuntimeClient runtime = outcrop.runtime(); BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
                ConverseResponse answer = runtime.converse(r -> r.modelId(LLAMA).messages(user("Describe Lisbon"))
                        .outputConfig(outputConfig(SCHEMA)));
                String streamed = streamedText(async, ConverseStreamRequest.builder().modelId(LLAMA)
                        .messages(user("Describe Lisbon")).outputConfig(outputConfig(SCHEMA)).build());

                assertThat(JSON.readTree(answer.output().message().content().getFirst().text()).path("city").asText())
                        .isEqualTo("Lisbon");
                assertThat(streamed).isEqualTo(answer.output().message().content().getFirst().text());
                assertThat(backend.requests()).hasSize(2);
                for (String request : backend.requests()) {
                    JsonNode format = JSON.readTree(request).path("response_format");
                    assertThat(format.path("type").asText()).isEqualTo("json_schema");
                    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("city_report");
                    assertThat(format.path("json_schema").path("description").asText()).isEqualTo("A city");
                    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
                    assertThat(format.path("json_schema").path("schema")).isEqualTo(JSON.readTree(SCHEMA));
                }
            }
        }
    }

    @Test
    void anAnswerThatDoesNotConformToTheSchemaIsAModelErrorAndNeverReachesTheCaller() throws Exception {
        try (FakeOpenAiServer backend = new FakeOpenAiServer()) {
            backend.answer(PROSE);
            try (TestOutcrop outcrop = TestOutcrop.start(backendConfig(backend));
                 BedrockRuntimeClient runtime = outcrop.runtime(); BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
                List<String> streamed = new ArrayList<>();

                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(user("Describe Lisbon"))
                        .outputConfig(outputConfig(SCHEMA))))
                        .isInstanceOf(ModelErrorException.class)
                        .hasMessageContaining("doesn't conform to the JSON schema in outputConfig.textFormat");
                assertThatThrownBy(() -> async.converseStream(ConverseStreamRequest.builder().modelId(LLAMA)
                        .messages(user("Describe Lisbon")).outputConfig(outputConfig(SCHEMA)).build(),
                        ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                                .onContentBlockDelta(e -> streamed.add(e.delta().text())).build()).build()).join())
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ModelErrorException.class);
                assertThat(streamed).isEmpty();
            }
        }
    }

    @Test
    void aSchemaThatIsNotJsonIsAValidationErrorNamingTheMember() {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockRuntimeClient runtime = outcrop.runtime()) {
            ConverseRequest request = ConverseRequest.builder().modelId(LLAMA).messages(user("hi"))
                    .outputConfig(outputConfig("{not json")).build();

            assertThatThrownBy(() -> runtime.converse(request)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'outputConfig.textFormat.structure.jsonSchema.schema'");
        }
    }

    @Test
    void answersThatBreakTheCallersSchemaNeverTakeTheModelOutOfRotationForOthers() {
        String unsatisfiable = "{\"type\":\"integer\",\"minimum\":5,\"maximum\":3}";
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (int i = 0; i < 12; i++) { // more than the breaker's failures before it ejects a deployment
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(user("A number"))
                        .outputConfig(outputConfig(unsatisfiable)))).isInstanceOf(ModelErrorException.class);
            }

            ConverseResponse plain = runtime.converse(r -> r.modelId(LLAMA).messages(user("hi")));

            assertThat(plain.stopReasonAsString()).isEqualTo("end_turn");
        }
    }

    /** A definition of two references to the previous one, {@code levels} deep: 2^levels subschemas expanded. */
    private static String doublingSchema(int levels) {
        StringBuilder defs = new StringBuilder("{\"d0\":{\"type\":\"object\"}");
        for (int i = 1; i <= levels; i++) {
            defs.append(",\"d").append(i).append("\":{\"allOf\":[{\"$ref\":\"#/$defs/d").append(i - 1)
                    .append("\"},{\"$ref\":\"#/$defs/d").append(i - 1).append("\"}]}");
        }
        return "{\"$defs\":" + defs + "},\"$ref\":\"#/$defs/d" + levels + "\"}";
    }

    @Test
    void schemasThatMakeTheAnswersCheckRecursiveOrExponentialAreRefusedWhenRead() {
        String nested = "{\"not\":".repeat(70) + "{}" + "}".repeat(70);
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (var refused : List.of(
                    List.of(doublingSchema(39), "more than"),
                    List.of(doublingSchema(11), "more than 5000 subschemas"),
                    List.of("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
                            "recursive schemas are not supported"),
                    List.of("{\"$defs\":{\"node\":{\"type\":\"object\",\"required\":[\"next\"],"
                            + "\"properties\":{\"next\":{\"$ref\":\"#/$defs/node\"}}}},\"$ref\":\"#/$defs/node\"}",
                            "recursive schemas are not supported"),
                    List.of("{\"$ref\":\"#/$defs/missing\"}", "refers to nothing in the schema"),
                    List.of("{\"$ref\":\"https://example.com/s.json\"}", "is not local"),
                    List.of("{\"$id\":\"https://example.com/s\",\"type\":\"object\"}", "'$id' at # is not supported"),
                    List.of("{\"$schema\":\"https://example.com/meta\"}", "'$schema' must be"),
                    List.of(nested, "nests more than 64 subschemas"))) {
                ConverseRequest request = ConverseRequest.builder().modelId(LLAMA).messages(user("hi"))
                        .inferenceConfig(c -> c.maxTokens(5)).outputConfig(outputConfig(refused.get(0))).build();

                assertThatThrownBy(() -> runtime.converse(request)).as(refused.get(1))
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("'outputConfig.textFormat.structure.jsonSchema.schema'")
                        .hasMessageContaining(refused.get(1));
            }

            // Just within the bounds: a reused definition counts each time it is used, and is served.
            ConverseResponse within = runtime.converse(r -> r.modelId(LLAMA).messages(user("hi"))
                    .outputConfig(outputConfig(doublingSchema(10))));
            assertThat(within.stopReasonAsString()).isEqualTo("end_turn");
        }
    }

    @Test
    void aStoredResponseFormatIsBoundedTheSameWayWhenTheConfigurationIsWritten() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); var bedrock = outcrop.bedrock()) {
            String profileArn = bedrock.createInferenceProfile(r -> r.inferenceProfileName("structured")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + LLAMA)))
                    .inferenceProfileArn();
            for (String schema : List.of("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
                    doublingSchema(39))) {
                java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(outcrop.endpoint().resolve("/_outcrop/profiles/"
                                        + java.net.URLEncoder.encode(profileArn, java.nio.charset.StandardCharsets.UTF_8)
                                        + "/configuration"))
                                .header("Authorization", outcrop.rootBearer())
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"responseFormat\":{\"value\":{\"schema\":" + schema + "},\"mode\":\"fixed\"}}"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

                assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
                assertThat(put.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
                assertThat(put.body()).contains("'responseFormat.value.schema'")
                        .containsAnyOf("recursive schemas are not supported", "more than");
            }
        }
    }

    @Test
    void aPatternThatBacktracksEndsTheAnswersCheckAsAModelError() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"^(.*a){12}$\"}}}";
        try (FakeOpenAiServer backend = new FakeOpenAiServer()) {
            backend.answer(OpenAiBackends.textStream(20, 30, "{\"a\":\"" + "a".repeat(60) + "!\"}"));
            try (TestOutcrop outcrop = TestOutcrop.start(backendConfig(backend));
                 BedrockRuntimeClient runtime = outcrop.runtime()) {
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(user("a"))
                        .outputConfig(outputConfig(schema))))
                        .isInstanceOf(ModelErrorException.class)
                        .hasMessageContaining("backtracks too much");
            }
        }
    }
}
