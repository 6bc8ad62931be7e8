package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.router.DecisionHeader;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.router.RouterDecider;

/**
 * The runtime pipeline: every model call (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream,
 * CountTokens) goes through the same {@link Stage}s, in the order {@link #stages} lists them. An operation
 * supplies only its {@link ModelOperation} (its codec and its answer sink).
 */
public final class ModelCall {
    private final List<Stage> preparing;
    private final List<Stage> answering;

    /** The pipeline of the standard stages, with the optional {@code features} wired. */
    public ModelCall(InvocationService invocations, AccessControl access, TagService tags, UsageAccounting accounting,
                     ProfileConfigurations configurations, Features features) {
        this(stages(invocations, access, tags, accounting, configurations, features));
    }

    /**
     * The optional parts of the pipeline: prompt routers ({@link PromptRouting} and {@link Cascade}) and prompt
     * versions rendered into the call they stand for ({@link RenderPrompt}); {@link #NONE} for neither.
     */
    public record Features(Optional<Routing> routing, Optional<RenderPrompt> renderPrompt) {
        /** No prompt routers, no prompts. */
        public static final Features NONE = new Features(Optional.empty(), Optional.empty());

        /** Checks the members. */
        public Features {
            requireNonNull(routing, "routing");
            requireNonNull(renderPrompt, "renderPrompt");
        }

        /** These features with prompt routers through {@code withRouting}. */
        public Features withRouting(Routing withRouting) {
            return new Features(Optional.of(withRouting), renderPrompt);
        }

        /** These features with prompt versions rendered by {@code withRenderPrompt}. */
        public Features withRenderPrompt(RenderPrompt withRenderPrompt) {
            return new Features(routing, Optional.of(withRenderPrompt));
        }
    }

    /**
     * What the router stage needs: the routers, the decider, the catalog its models are read from, and when an
     * answer shows the decision in a header.
     */
    public record Routing(PromptRouterService routers, RouterDecider decider, Catalog catalog,
                          DecisionHeader decisionHeader) {
        /** Checks the members. */
        public Routing {
            requireNonNull(routers, "routers");
            requireNonNull(decider, "decider");
            requireNonNull(catalog, "catalog");
            requireNonNull(decisionHeader, "decisionHeader");
        }

        /** Routing that shows the decision when the caller asks for it. */
        public Routing(PromptRouterService routers, RouterDecider decider, Catalog catalog) {
            this(routers, decider, catalog, DecisionHeader.ON_REQUEST);
        }
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
     * application profile's stored defaults), so that counting, admission and routing see the final call. A prompt
     * version is rendered first of all, since the call it stands for names another model and asks another request:
     * every later stage (the stored configuration of the variant's profile too) sees that call.
     */
    static List<Stage> stages(InvocationService invocations, AccessControl access, TagService tags,
                              UsageAccounting accounting, ProfileConfigurations configurations, Features features) {
        Authorize authorize = new Authorize(access, tags);
        PromptRouting router = features.routing().map(routing -> new PromptRouting(routing.routers(),
                routing.decider(), invocations, routing.catalog(), authorize, access, tags, routing.decisionHeader()))
                .orElse(null);
        Admit admit = new Admit(accounting, tags);
        List<Stage> stages = new ArrayList<>();
        features.renderPrompt().ifPresent(stages::add);    // a prompt version → the Converse call it stands for
        stages.addAll(List.of(
                new ResolveTarget(invocations, authorize, router), // modelId → target; a named profile or router guarded first
                authorize,                                 // may the caller call it; its destinations narrowed
                new ParseRequest()));                      // the operation's codec: members → ChatRequest, validated
        if (router != null) {
            stages.add(router);                            // a router's choice replaces the target, itself authorized
        }
        stages.addAll(List.of(
                new ApplyStoredConfig(configurations),     // an application profile's defaults, limits, fixed values
                new CountTokensUpstream(invocations, admit), // CountTokens: Bedrock's own count, request quotas taken
                new CountInputTokens(invocations),         // once, for admission and routing
                admit));                                   // quotas taken, budget reserved; a refusal on record
        if (router != null) {
            stages.add(new Cascade(invocations, admit));   // a cascading router: the cheaper answer checked first
        }
        stages.addAll(List.of(
                new Invoke(invocations),                   // routed, with failover and continuation, into the answer sink
                new RecordUsage(),                         // the usage record durable before the answer completes
                new Answer()));                            // the reply rendered, or the stream's last frames sent
        return List.copyOf(stages);
    }

    /** Runs {@code call} of {@code operation} through the stages. */
    Reply run(OperationCall call, ModelOperation operation) {
        RuntimeCall runtimeCall = new RuntimeCall(requireNonNull(call, "call"), operation);
        for (Stage stage : preparing) {
            stage.apply(runtimeCall);
        }
        return runtimeCall.operation().reply(runtimeCall, sink -> { // the one a prompt's call became, if any
            runtimeCall.answer(sink);
            for (Stage stage : answering) {
                stage.apply(runtimeCall);
            }
        });
    }
}
