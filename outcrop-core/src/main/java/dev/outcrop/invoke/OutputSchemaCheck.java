package dev.outcrop.invoke;

import dev.outcrop.error.ModelErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds back a structured answer until it is complete and checks it against the request's
 * {@link OutputSchema}: a caller who asked for JSON of a schema never receives anything else from a backend
 * that does not constrain its output. An answer that stops for its token limit is passed on as it is, cut
 * short, with {@code max_tokens} as its stop reason, as Bedrock does; a tool call is not checked (the schema
 * is for the final answer).
 */
final class OutputSchemaCheck implements ChatEventSink {
    private final ChatEventSink next;
    private final OutputSchema schema;
    private final List<ChatEvent> held = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private boolean toolCall;
    private boolean released;

    private OutputSchemaCheck(ChatEventSink next, OutputSchema schema) {
        this.next = next;
        this.schema = schema;
    }

    /** {@code sink}, checked where {@code request} has a schema and {@code provider} does not enforce it. */
    static ChatEventSink around(ModelProvider provider, ChatRequest request, ChatEventSink sink) {
        if (request.outputSchema() == null || provider.enforcesOutputSchema()) {
            return sink;
        }
        return new OutputSchemaCheck(sink, request.outputSchema());
    }

    @Override
    public void note(String key, String value) {
        next.note(key, value);
    }

    @Override
    public void accept(ChatEvent event) {
        if (released) {
            next.accept(event);
            return;
        }
        switch (event) {
            case ChatEvent.TextDelta delta -> text.append(delta.text());
            case ChatEvent.ToolUseStart start -> toolCall = true;
            case ChatEvent.MessageStop stop -> {
                check(stop.stopReason());
                held.forEach(next::accept);
                held.clear();
                released = true;
                next.accept(event);
                return;
            }
            default -> { }
        }
        held.add(event);
    }

    private void check(StopReason stopReason) {
        if (toolCall || stopReason == StopReason.MAX_TOKENS) {
            return;
        }
        List<String> violations = schema.violations(text.toString());
        if (!violations.isEmpty()) {
            throw new ModelErrorException("The model returned a response that doesn't conform to the JSON schema in "
                    + "outputConfig.textFormat: " + String.join("; ", violations) + ". Try your request again.",
                    null, null);
        }
    }

    @Override
    public void servingRegion(String region, Duration providerTime) {
        next.servingRegion(region, providerTime);
    }

    @Override
    public void failed(Invocation soFar) {
        next.failed(soFar);
    }

    @Override
    public void nativeAnswer(byte[] payload, boolean last) {
        next.nativeAnswer(payload, last);
    }

    @Override
    public boolean continuesNativeAnswers() {
        return next.continuesNativeAnswers();
    }

    @Override
    public void nativeAnswerEnded() {
        next.nativeAnswerEnded();
    }
}
