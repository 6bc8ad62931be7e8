package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import java.util.List;

/**
 * The runtime pipeline: every model call (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream,
 * CountTokens) goes through the same {@link Stage}s, in the order {@link #stages} lists them. An operation
 * supplies only its {@link ModelOperation} (its codec and its answer sink).
 */
public final class ModelCall {
    private final List<Stage> preparing;
    private final List<Stage> answering;

    /** The pipeline of the standard stages. */
    public ModelCall(InvocationService invocations, AccessControl access, TagService tags, UsageAccounting accounting,
                     ProfileConfigurations configurations) {
        this(stages(invocations, access, tags, accounting, configurations));
    }

    /** A pipeline of {@code stages}, in order. */
    ModelCall(List<Stage> stages) {
        int firstAnswering = 0;
        while (firstAnswering < stages.size() && !stages.get(firstAnswering).answers()) {
            firstAnswering++;
        }
        this.preparing = List.copyOf(stages.subList(0, firstAnswering));
        this.answering = List.copyOf(stages.subList(firstAnswering, stages.size()));
    }

    /**
     * The request path of a model call, top to bottom. A new stage goes where what it needs is known and before
     * what depends on it (see {@link Stage} for the contract): a stage that changes the target or the request
     * goes between parsing and counting (a prompt rendered into the request, a router choosing the model, an
     * application profile's stored defaults), so that counting, admission and routing see the final call.
     */
    static List<Stage> stages(InvocationService invocations, AccessControl access, TagService tags,
                              UsageAccounting accounting, ProfileConfigurations configurations) {
        Authorize authorize = new Authorize(access, tags);
        return List.of(
                new ResolveTarget(invocations, authorize), // modelId → target; a named application profile guarded first
                authorize,                                 // may the caller call it; its destinations narrowed
                new ParseRequest(),                        // the operation's codec: members → ChatRequest, validated
                new ApplyStoredConfig(configurations),     // an application profile's defaults, limits, fixed values
                new CountInputTokens(invocations),         // once, for admission and routing
                new Admit(accounting, tags),               // quotas taken, budget reserved; a refusal on record
                new Invoke(invocations),                   // routed, with failover and continuation, into the answer sink
                new RecordUsage(),                         // the usage record durable before the answer completes
                new Answer());                             // the reply rendered, or the stream's last frames sent
    }

    /** Runs {@code call} of {@code operation} through the stages. */
    Reply run(OperationCall call, ModelOperation operation) {
        RuntimeCall runtimeCall = new RuntimeCall(requireNonNull(call, "call"), operation);
        for (Stage stage : preparing) {
            stage.apply(runtimeCall);
        }
        return operation.reply(runtimeCall, sink -> {
            runtimeCall.answer(sink);
            for (Stage stage : answering) {
                stage.apply(runtimeCall);
            }
        });
    }
}
