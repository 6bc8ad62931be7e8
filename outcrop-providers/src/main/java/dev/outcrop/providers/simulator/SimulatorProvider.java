package dev.outcrop.providers.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.ToolSpec;
import dev.outcrop.invoke.Usage;
import dev.outcrop.providers.Tokenizer;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The built-in model backend: answers deterministically for a seed (the same model and conversation give
 * the same answer), counts tokens with a real tokenizer, streams at a set time-to-first-token and pace,
 * honours {@code maxTokens}, stop sequences and tools, continues a partial answer, and misbehaves on
 * demand per region ({@link SimulatorFaults}).
 */
public final class SimulatorProvider implements ModelProvider {
    private static final String[] LEXICON = ("inference profiles route each request to a region with capacity "
            + "while application profiles track cost and usage for a team so that platform owners can see "
            + "spend apply quotas and keep traffic inside its geography when one region is saturated another "
            + "destination answers and the caller never notices the failover").split(" ");
    private static final int MAX_ECHO_CHARS = 120;

    private final SimulatorSettings settings;
    private final SimulatorFaults faults;
    private final Tokenizer tokenizer;

    /** Creates the simulator. */
    public SimulatorProvider(SimulatorSettings settings, SimulatorFaults faults, Tokenizer tokenizer) {
        this.settings = requireNonNull(settings, "settings");
        this.faults = requireNonNull(faults, "faults");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer");
    }

    @Override
    public boolean continuesPartialAnswers() {
        return true;
    }

    @Override
    public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
        long start = System.nanoTime();
        Optional<Fault> fault = faults.active(deployment.region());
        fault.ifPresent(f -> failBeforeFirstToken(f, deployment));
        int inputTokens = tokenizer.count(request);
        waitUntil(start + settings.timeToFirstToken().toNanos());
        sink.accept(new ChatEvent.MessageStart("assistant"));
        Message last = request.messages().isEmpty() ? null : request.messages().getLast();
        if (wantsTool(request, last)) {
            callTool(request, inputTokens, sink);
            return;
        }
        String prefix = last != null && last.role().equals("assistant") ? last.text() : "";
        String answer = request.outputSchema() != null ? structuredAnswer(request, prefix)
                : answer(deployment, request, prefix);
        int cutAfter = fault.filter(f -> f.kind() == Fault.Kind.CUT_STREAM).map(Fault::afterTokens).orElse(-1);
        streamText(answer, request, inputTokens, cutAfter, start, sink);
    }

    private void failBeforeFirstToken(Fault fault, Deployment deployment) {
        switch (fault.kind()) {
            case THROTTLE -> throw new ThrottlingException("Too many requests, please wait before trying again.");
            case FAIL -> throw new ServiceUnavailableException("The model backend in " + deployment.region()
                    + " answered 503 Service Unavailable.");
            case DOWN -> throw new ServiceUnavailableException("The model backend in " + deployment.region()
                    + " refused the connection.");
            case HANG -> {
                waitUntil(System.nanoTime() + deployment.firstByteTimeout().toNanos());
                throw new ModelTimeoutException("The model in " + deployment.region() + " did not start answering within "
                        + deployment.firstByteTimeout().toMillis() + " ms.");
            }
            case CUT_STREAM -> { } // happens mid-answer
        }
    }

    private void streamText(String answer, ChatRequest request, int inputTokens, int cutAfter, long start,
                            ChatEventSink sink) {
        int maxTokens = request.parameters().maxTokens() != null ? request.parameters().maxTokens()
                : settings.defaultMaxTokens();
        List<String> pieces = tokenizer.split(answer);
        StopSequenceFilter filter = new StopSequenceFilter(request.parameters().stopSequences());
        long firstToken = start + settings.timeToFirstToken().toNanos();
        long interval = settings.tokensPerSecond() > 0 ? 1_000_000_000L / settings.tokensPerSecond() : 0;
        int generated = 0;
        StopReason reason = StopReason.END_TURN;
        for (String piece : pieces) {
            if (generated == maxTokens) {
                reason = StopReason.MAX_TOKENS;
                break;
            }
            if (generated == cutAfter) {
                throw new ModelStreamErrorException("The model's answer stream was interrupted.", 503,
                        "simulated stream cut after " + cutAfter + " tokens");
            }
            waitUntil(firstToken + generated * interval);
            generated++;
            String out = filter.offer(piece);
            if (!out.isEmpty()) {
                sink.accept(new ChatEvent.TextDelta(0, out));
            }
            if (filter.stopped()) {
                reason = StopReason.STOP_SEQUENCE;
                break;
            }
        }
        String rest = filter.flush();
        if (!rest.isEmpty()) {
            sink.accept(new ChatEvent.TextDelta(0, rest));
        }
        sink.accept(new ChatEvent.BlockStop(0));
        sink.accept(new ChatEvent.MessageStop(reason, filter.matched()));
        sink.accept(new ChatEvent.Metadata(new Usage(inputTokens, generated, 0, 0)));
    }

    private static boolean wantsTool(ChatRequest request, Message last) {
        if (request.tools().isEmpty() || last == null || !last.role().equals("user")
                || "none".equals(request.toolChoice())) {
            return false;
        }
        return last.content().stream().noneMatch(b -> b instanceof ContentBlock.ToolResult);
    }

    private void callTool(ChatRequest request, int inputTokens, ChatEventSink sink) {
        ToolSpec tool = request.tools().stream().filter(t -> t.name().equals(request.toolChoice())).findFirst()
                .orElse(request.tools().getFirst());
        SplittableRandom random = random(request);
        String toolUseId = "tooluse_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        String preamble = "I will call " + tool.name() + ".";
        sink.accept(new ChatEvent.TextDelta(0, preamble));
        sink.accept(new ChatEvent.BlockStop(0));
        sink.accept(new ChatEvent.ToolUseStart(1, toolUseId, tool.name()));
        String input = exampleInput(tool.inputSchema(), request.messages().getLast().text()).toString();
        int half = input.length() / 2;
        sink.accept(new ChatEvent.ToolInputDelta(1, input.substring(0, half)));
        sink.accept(new ChatEvent.ToolInputDelta(1, input.substring(half)));
        sink.accept(new ChatEvent.BlockStop(1));
        sink.accept(new ChatEvent.MessageStop(StopReason.TOOL_USE));
        int outputTokens = tokenizer.count(preamble) + tokenizer.count(tool.name()) + tokenizer.count(input);
        sink.accept(new ChatEvent.Metadata(new Usage(inputTokens, outputTokens, 0, 0)));
    }

    /** An input that satisfies the top level of a JSON schema: each property with a value of its type. */
    private static JsonNode exampleInput(JsonNode schema, String prompt) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        for (var property : schema.path("properties").properties()) {
            JsonNode enumValues = property.getValue().path("enum");
            switch (property.getValue().path("type").asText("string")) {
                case "integer" -> input.put(property.getKey(), 1);
                case "number" -> input.put(property.getKey(), 1.0);
                case "boolean" -> input.put(property.getKey(), true);
                case "array" -> input.putArray(property.getKey());
                case "object" -> input.putObject(property.getKey());
                default -> input.put(property.getKey(), enumValues.isArray() && !enumValues.isEmpty()
                        ? enumValues.get(0).asText() : echo(prompt));
            }
        }
        return input;
    }

    /**
     * JSON conforming to the request's schema ({@link SchemaInstance}), its strings words of the lexicon chosen
     * by the conversation; less the partial answer when it is its beginning, as for text.
     */
    private String structuredAnswer(ChatRequest request, String prefix) {
        List<Message> conversation = prefix.isEmpty() ? request.messages()
                : request.messages().subList(0, request.messages().size() - 1);
        SplittableRandom random = random(new ChatRequest(request.system(), conversation, request.parameters(),
                request.tools(), request.toolChoice(), request.additionalFields()));
        long seed = random.nextLong();
        int maxTokens = request.parameters().maxTokens() != null ? request.parameters().maxTokens()
                : settings.defaultMaxTokens();
        // No token of such JSON is 16 characters long: what is generated past the budget would be cut anyway.
        String full = SchemaInstance.of(request.outputSchema().schema(), n -> {
            SplittableRandom words = new SplittableRandom(seed + n);
            return LEXICON[words.nextInt(LEXICON.length)] + " " + LEXICON[words.nextInt(LEXICON.length)];
        }, 16L * maxTokens + 1024).toString();
        if (prefix.isEmpty()) {
            return full;
        }
        return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }

    /**
     * The full answer to the conversation (without a trailing partial answer), less the partial answer
     * when it is its beginning: so a continuation elsewhere completes the very same answer.
     */
    private String answer(Deployment deployment, ChatRequest request, String prefix) {
        List<Message> conversation = prefix.isEmpty() ? request.messages()
                : request.messages().subList(0, request.messages().size() - 1);
        ChatRequest asked = new ChatRequest(request.system(), conversation, request.parameters(), request.tools(),
                request.toolChoice(), request.additionalFields());
        SplittableRandom random = random(asked);
        Message lastUser = conversation.isEmpty() ? null : conversation.getLast();
        StringBuilder answer = new StringBuilder();
        Optional<ContentBlock.ToolResult> toolResult = lastUser == null ? Optional.empty() : lastUser.content().stream()
                .filter(ContentBlock.ToolResult.class::isInstance).map(ContentBlock.ToolResult.class::cast).findFirst();
        if (toolResult.isPresent()) {
            answer.append("The tool returned ").append(echo(toolResult.get().content().toString())).append('.');
        } else {
            answer.append("Simulated answer from ").append(deployment.modelId()).append(". You asked: \"")
                    .append(echo(lastUser == null ? "" : lastUser.text())).append("\".");
        }
        int words = 12 + random.nextInt(40);
        for (int i = 0; i < words; i++) {
            answer.append(' ').append(LEXICON[random.nextInt(LEXICON.length)]);
        }
        answer.append('.');
        String full = answer.toString();
        if (prefix.isEmpty()) {
            return full;
        }
        return full.startsWith(prefix) ? full.substring(prefix.length()) : " " + full;
    }

    private SplittableRandom random(ChatRequest request) {
        long hash = settings.seed();
        for (String system : request.system()) {
            hash = hash * 31 + system.hashCode();
        }
        for (Message message : request.messages()) {
            hash = hash * 31 + message.role().hashCode();
            hash = hash * 31 + message.content().hashCode();
        }
        return new SplittableRandom(hash);
    }

    private static String echo(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > MAX_ECHO_CHARS ? oneLine.substring(0, MAX_ECHO_CHARS) + "..." : oneLine;
    }

    /** Sleeps until {@code deadline} (a {@link System#nanoTime} value); virtual threads park cheaply. */
    private static void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted()) {
                throw new ModelTimeoutException("The call was cancelled while the model was generating.");
            }
        }
    }
}
