package dev.outcrop.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.context.RequestScope;
import dev.outcrop.identity.Principal;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.Deployments;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.invoke.TokenCounter;
import dev.outcrop.invoke.Usage;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.profile.ProfileResolver;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.ProfileStore;
import dev.outcrop.profileconfig.ProfileConfigStore;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.invoke.Capacity;
import dev.outcrop.invoke.DeploymentRouter;
import dev.outcrop.invoke.RoutingPolicy;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.RequestBinder;
import dev.outcrop.server.smithy.Operation;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.BudgetCounter;
import dev.outcrop.usage.Budgets;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.LocalBudgetCounter;
import dev.outcrop.usage.LocalQuotaCounter;
import dev.outcrop.usage.PriceBook;
import dev.outcrop.usage.Quotas;
import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.usage.UsageObserver;
import dev.outcrop.usage.UsageRecord;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The runtime pipeline's stages over a fake provider, a fake clock and a ledger that logs what it records. */
class ModelCallTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
            + "\"inferenceConfig\":{\"maxTokens\":100}}";

    private final List<String> log = new ArrayList<>();
    private final List<ChatRequest> asked = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Catalog catalog = CatalogLoader.builtIn();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

    private final List<String> failingRegions = new ArrayList<>();
    private final List<String> breakingRegions = new ArrayList<>();
    private final List<String> servedRegions = new ArrayList<>();
    private long budgetMicros = -1;

    private final ModelProvider provider = new ModelProvider() {
        @Override
        public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
            asked.add(request);
            if (failingRegions.contains(deployment.region())) {
                throw new dev.outcrop.error.ServiceUnavailableException("down");
            }
            nanos.addAndGet(1_000_000);
            sink.accept(new ChatEvent.MessageStart("assistant"));
            if (breakingRegions.contains(deployment.region())) {
                sink.accept(new ChatEvent.TextDelta(0, "Hel"));
                throw new dev.outcrop.error.ServiceUnavailableException("the connection dropped mid-answer");
            }
            servedRegions.add(deployment.region());
            sink.accept(new ChatEvent.TextDelta(0, "Hello"));
            sink.accept(new ChatEvent.BlockStop(0));
            sink.accept(new ChatEvent.MessageStop(StopReason.END_TURN));
            sink.accept(new ChatEvent.Metadata(new Usage(10, 1, 0, 0)));
        }

        @Override
        public boolean continuesPartialAnswers() {
            return true;
        }
    };

    private final TokenCounter tokens = new TokenCounter() {
        @Override
        public int count(String text) {
            return 1;
        }

        @Override
        public int count(ChatRequest request) {
            return 10;
        }
    };

    private InvocationService invocations() {
        ProfileResolver profiles = new ProfileResolver(catalog, unused(ProfileStore.class), new ChangeFeed());
        Deployments deployments = (model, region) -> Optional.of(new Deployments.Bound(
                new Deployment(model, region, "fake", null, model, Duration.ofSeconds(1), Duration.ofSeconds(1)), provider));
        DeploymentRouter router = new DeploymentRouter(deployments, b -> Capacity.UNLIMITED, RoutingPolicy.DEFAULTS,
                nanos::get, new SplittableRandom(1)::nextInt);
        return new InvocationService(new TargetResolver(catalog, profiles), router, tokens);
    }

    private UsageAccounting accounting() {
        Ledger ledger = new Ledger() {
            @Override
            public CompletableFuture<Void> append(UsageRecord record) {
                log.add("record " + record.outcome());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public List<UsageRecord> records(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public int backlog() {
                return 0;
            }

            @Override
            public void close() { }
        };
        List<dev.outcrop.usage.Budget> budgets = budgetMicros < 0 ? List.of() : List.of(new dev.outcrop.usage.Budget(
                "alice-daily", dev.outcrop.usage.Selector.parse("principal:alice"), dev.outcrop.usage.Budget.Period.DAILY,
                budgetMicros, List.of(), null));
        return new UsageAccounting(ledger, new PriceBook(Map.of(MODEL, new dev.outcrop.usage.Price(250, 1250, 0, 0)), Map.of()),
                new Budgets(budgets, new LocalBudgetCounter(BudgetCounter.History.NONE), clock, n -> { }),
                new Quotas(List.of(), new LocalQuotaCounter(clock::millis)), clock, UsageObserver.NONE);
    }

    private List<Stage> standardStages() {
        AccessControl access = AccessControl.allowingAll("aws", clock);
        TagService tags = new TagService(unused(dev.outcrop.tag.TagStore.class),
                unused(dev.outcrop.tag.TaggableResources.class));
        ProfileConfigurations configurations = new ProfileConfigurations(new InferenceProfileService(catalog,
                unused(ProfileStore.class), clock), unused(ProfileConfigStore.class), clock, new ChangeFeed());
        return ModelCall.stages(invocations(), access, tags, accounting(), configurations, ModelCall.Features.NONE);
    }

    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("tags")) {
                return List.of(); // no resource here is tagged
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static OperationCall converse() {
        return converse(MODEL);
    }

    private static OperationCall converse(String modelId) {
        return call("Converse", modelId);
    }

    private static OperationCall call(String name, String modelId) {
        Operation operation = SmithyModel.bedrock().operation(name).orElseThrow();
        WireRequest wire = new WireRequest("POST", "/model/" + MODEL + "/converse", "", Map.of(),
                new DefaultHttpHeaders().add("Content-Type", "application/json"), BODY.getBytes(StandardCharsets.UTF_8),
                false, null);
        Caller caller = new Caller(new Principal("AIDATEST", "123456789012", "alice", Principal.Kind.USER), "us-east-1",
                Caller.Method.SIGV4, "127.0.0.1");
        return new OperationCall(operation, new RequestScope("aws", "123456789012", "us-east-1"), "request-1",
                new RequestBinder(SmithyModel.bedrock()).bind(operation, Map.of("modelId", modelId), wire), wire,
                System.nanoTime(), caller);
    }

    /** A stage that notes its name in the log and then does what it wraps. */
    private Stage logged(String name, Stage stage) {
        return new Stage() {
            @Override
            public void apply(RuntimeCall call) {
                log.add(name);
                stage.apply(call);
            }

            @Override
            public boolean answers() {
                return stage.answers();
            }
        };
    }

    @Test
    void aStageAddedToTheListRunsInItsPlaceWithoutAnyOperationChanging() {
        List<Stage> stages = new ArrayList<>();
        for (Stage stage : standardStages()) {
            stages.add(logged(stage.getClass().getSimpleName(), stage));
            if (stage instanceof ParseRequest) {
                stages.add(logged("NoOp", call -> { }));
            }
        }

        new ModelCall(stages).run(converse(), new ConverseOperation(catalog));

        assertThat(log).containsExactly("ResolveTarget", "Authorize", "ParseRequest", "NoOp", "ApplyStoredConfig",
                "CountTokensUpstream", "CountInputTokens",
                "Admit", "Invoke", "RecordUsage", "record Success", "Answer");
    }

    @Test
    void aStageThatRewritesTheRequestIsWhatTheModelIsAsked() {
        List<Stage> stages = new ArrayList<>(standardStages());
        stages.add(3, call -> call.request(call.request().withParameters(call.request().parameters().withMaxTokens(7))));

        new ModelCall(stages).run(converse(), new ConverseOperation(catalog));

        assertThat(asked).singleElement().satisfies(r -> assertThat(r.parameters().maxTokens()).isEqualTo(7));
    }

    @Test
    void aCallTheBudgetCannotCoverIsRefusedOnRecordAndNeverReachesTheModel() {
        budgetMicros = 1;
        ModelCall calls = new ModelCall(standardStages());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> calls.run(converse(), new ConverseOperation(catalog)))
                .isInstanceOf(dev.outcrop.error.ServiceQuotaExceededException.class);
        assertThat(log).containsExactly("record ServiceQuotaExceededException");
        assertThat(asked).isEmpty();
    }

    @Test
    void aDestinationFailingBeforeItsFirstEventIsReplacedByAnother() {
        failingRegions.add("us-east-1");
        failingRegions.add("us-east-2");
        new ModelCall(standardStages()).run(converse("us." + MODEL), new ConverseOperation(catalog));

        assertThat(servedRegions).containsExactly("us-west-2");
        assertThat(log).containsExactly("record Success");
    }

    @Test
    void anAnswerBrokenOffMidwayIsContinuedElsewhereFromWhatTheCallerAlreadyHas() {
        breakingRegions.add("us-east-1");
        new ModelCall(standardStages()).run(converse("us." + MODEL), new ConverseOperation(catalog));

        assertThat(asked).hasSize(2);
        Message continued = asked.get(1).messages().getLast();
        assertThat(continued.role()).isEqualTo("assistant");
        assertThat(continued.content()).containsExactly(new ContentBlock.Text("Hel"));
        assertThat(servedRegions).hasSize(1).doesNotContain("us-east-1");
        assertThat(log).containsExactly("record Success");
    }

    @Test
    void aStreamSendsItsLastFrameOnlyOnceTheUsageRecordIsWritten() {
        dev.outcrop.server.Reply reply = new ModelCall(standardStages()).run(call("ConverseStream", MODEL),
                new ConverseStreamOperation(catalog));

        ((dev.outcrop.server.Reply.Stream) reply).body().writeTo(new dev.outcrop.server.Reply.EventSink() {
            @Override
            public void header(String name, String value) { }

            @Override
            public void send(byte[] frame) {
                log.add("frame");
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        });

        assertThat(log).endsWith("frame", "record Success", "frame");
    }
}
