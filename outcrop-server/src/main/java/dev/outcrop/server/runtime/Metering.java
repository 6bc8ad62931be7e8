package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.BedrockException;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.Target;
import dev.outcrop.server.OperationCall;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The accounting around a runtime call: admission (quotas, budget reservation) before it, and the usage
 * record, durable before the answer completes, after it.
 */
final class Metering {
    private final UsageAccounting accounting;
    private final InvocationService invocations;
    private final TagService tags;

    /** The input tokens of a call, counted once for admission and routing. */
    int inputTokens(Target target, ChatRequest request) {
        return invocations.countTokens(request);
    }

    Metering(UsageAccounting accounting, InvocationService invocations, TagService tags) {
        this.accounting = requireNonNull(accounting, "accounting");
        this.invocations = requireNonNull(invocations, "invocations");
        this.tags = requireNonNull(tags, "tags");
    }

    /** Admits the call, counting its input tokens once ({@code inputTokens}), or throws the refusal (recorded). */
    UsageAccounting.Meter begin(OperationCall call, Target target, ChatRequest request, int inputTokens) {
        String application = target instanceof Target.ApplicationProfileTarget ? target.arn() : null;
        Map<String, String> snapshot = application == null ? Map.of()
                : tags.tagsOf(application).stream().collect(Collectors.toMap(Tag::key, Tag::value));
        UsageAccounting.Call info = new UsageAccounting.Call(call.requestId(), call.caller().principal().name(),
                call.operation().name(), call.input().string("modelId"), call.scope().region(), target, application,
                snapshot, requestMetadata(call));
        return accounting.begin(info, inputTokens, request.parameters().maxTokens());
    }

    /** Converse's {@code requestMetadata} (validated against the model's patterns), for the usage record. */
    private static Map<String, String> requestMetadata(OperationCall call) {
        JsonNode pairs = call.input().members().path("requestMetadata");
        Map<String, String> metadata = new java.util.TreeMap<>();
        pairs.properties().forEach(pair -> metadata.put(pair.getKey(), pair.getValue().asText()));
        return metadata;
    }

    /** Runs {@code work}, records its outcome, and waits until the record is durable. */
    static Invocation metered(UsageAccounting.Meter meter, FailureAware sink, java.util.function.Function<ChatEventSink,
            Invocation> work) {
        Invocation invocation;
        try {
            invocation = work.apply(sink);
        } catch (BedrockException e) {
            UsageAccounting.awaitDurable(meter.failed(sink.soFar(), e.errorType()));
            throw e;
        } catch (RuntimeException e) {
            UsageAccounting.awaitDurable(meter.failed(sink.soFar(), "ClientDisconnected"));
            throw e;
        }
        UsageAccounting.awaitDurable(meter.succeeded(invocation));
        return invocation;
    }

    /** A sink that remembers what a failed call had used. */
    abstract static class FailureAware implements ChatEventSink {
        private Invocation soFar;

        @Override
        public void failed(Invocation partial) {
            soFar = partial;
        }

        Invocation soFar() {
            return soFar;
        }
    }
}
