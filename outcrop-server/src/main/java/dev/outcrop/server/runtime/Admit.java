package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.invoke.OutputBound;
import dev.outcrop.invoke.Target;
import dev.outcrop.server.OperationCall;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The stage admitting a model call: its quotas taken and its worst-case cost reserved from its budgets
 * ({@link UsageAccounting#begin}); a refusal is recorded durably before the caller hears of it.
 */
final class Admit implements Stage {
    private final UsageAccounting accounting;
    private final TagService tags;

    Admit(UsageAccounting accounting, TagService tags) {
        this.accounting = requireNonNull(accounting, "accounting");
        this.tags = requireNonNull(tags, "tags");
    }

    @Override
    public void apply(RuntimeCall call) {
        if (call.invokesModel()) {
            admit(call);
        }
    }

    /**
     * Admits {@code call} as it now stands (also a cascade's next attempt, on the stronger model).
     *
     * @throws dev.outcrop.error.ThrottlingException when a quota is spent (the refusal recorded)
     * @throws dev.outcrop.error.ServiceQuotaExceededException when a budget cannot cover the call (likewise)
     */
    void admit(RuntimeCall call) {
        // The bound the backend is given when the call sets none (OutputBound), so that the reservation covers it.
        call.meter(accounting.begin(record(call), call.inputTokens(),
                OutputBound.of(call.target().modelId(), call.request().parameters())));
    }

    /**
     * Takes one request from the quotas of a call that runs no model but reaches an upstream (CountTokens asked of
     * Bedrock), so that counting cannot spend the upstream account's rate past the caller's quotas.
     *
     * @throws dev.outcrop.error.ThrottlingException when a quota is spent
     */
    void admitRequest(RuntimeCall call) {
        accounting.admitRequest(record(call));
    }

    private UsageAccounting.Call record(RuntimeCall call) {
        OperationCall wire = call.wire();
        Target target = call.target();
        String application = target instanceof Target.ApplicationProfileTarget ? target.arn() : null;
        Map<String, String> snapshot = application == null ? Map.of()
                : tags.tagsOf(application).stream().collect(Collectors.toMap(Tag::key, Tag::value));
        return new UsageAccounting.Call(wire.requestId(), wire.caller().principal().name(),
                call.asked().operation().name(), call.asked().input().string("modelId"), wire.scope().region(), target, application,
                snapshot, requestMetadata(wire), call.attributes());
    }

    /** Converse's {@code requestMetadata} (validated against the model's patterns), for the usage record. */
    private static Map<String, String> requestMetadata(OperationCall call) {
        JsonNode pairs = call.input().members().path("requestMetadata");
        Map<String, String> metadata = new TreeMap<>();
        pairs.properties().forEach(pair -> metadata.put(pair.getKey(), pair.getValue().asText()));
        return metadata;
    }
}
