package dev.outcrop.server.metrics;

import dev.outcrop.invoke.DeploymentStatus;
import dev.outcrop.invoke.Target;
import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.usage.UsageObserver;
import dev.outcrop.usage.UsageRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Bedrock's CloudWatch runtime metrics per model and profile ({@code Invocations}, {@code InvocationLatency},
 * {@code InputTokenCount}, {@code OutputTokenCount}, {@code InvocationThrottles}, {@code InvocationClientErrors},
 * {@code InvocationServerErrors}) and Outcrop's own, in the Prometheus text format. Labels are bounded:
 * {@code model_id} is a catalog model, {@code profile} a profile that exists; never a raw request string.
 */
public final class Metrics implements UsageObserver {
    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final Set<String> THROTTLES = Set.of("ThrottlingException", "ModelNotReadyException",
            "ServiceQuotaExceededException");
    private static final Set<String> SERVER_ERRORS = Set.of("InternalServerException", "ServiceUnavailableException");

    private record Labels(String modelId, String profile) {
        String render() {
            return "model_id=\"" + modelId + "\",profile=\"" + profile + "\"";
        }
    }

    private static final class Series {
        final LongAdder invocations = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final LongAdder throttles = new LongAdder();
        final LongAdder clientErrors = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
        final LongAdder latencyCount = new LongAdder();
        final LongAdder latencyMillisSum = new LongAdder();
        final LongAdder outsideSource = new LongAdder();
        final LongAdder continued = new LongAdder();

        Series() {
            for (int i = 0; i < latencyBuckets.length; i++) {
                latencyBuckets[i] = new LongAdder();
            }
        }
    }

    private final Map<Labels, Series> series = new ConcurrentHashMap<>();
    private final Supplier<List<DeploymentStatus>> deployments;
    private volatile IntSupplier ledgerBacklog = () -> 0;
    private volatile LongSupplier ledgerCommits = () -> 0;

    /** Creates the metrics over the routers' deployment states. */
    public Metrics(Supplier<List<DeploymentStatus>> deployments) {
        this.deployments = deployments;
    }

    /** Where the ledger backlog is read from. */
    public void ledgerBacklog(IntSupplier backlog) {
        this.ledgerBacklog = backlog;
    }

    /** Where the ledger's count of commits is read from (records a commit: records / commits). */
    public void ledgerCommits(LongSupplier commits) {
        this.ledgerCommits = commits;
    }

    @Override
    public void recorded(UsageRecord record, UsageAccounting.Call call) {
        Target target = call.target();
        String profile = switch (target) {
            case Target.FoundationModelTarget t -> "";
            case Target.SystemProfileTarget t -> t.profileId();
            case Target.ApplicationProfileTarget t -> t.arn();
        };
        Series s = series.computeIfAbsent(new Labels(target.modelId(), profile), l -> new Series());
        s.invocations.increment();
        s.inputTokens.add(record.inputTokens());
        s.outputTokens.add(record.outputTokens());
        if (record.outcome().equals(UsageRecord.SUCCESS)) {
            double seconds = record.latencyMillis() / 1000.0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                if (seconds <= LATENCY_BUCKETS[i]) {
                    s.latencyBuckets[i].increment();
                }
            }
            s.latencyCount.increment();
            s.latencyMillisSum.add(record.latencyMillis());
        } else if (THROTTLES.contains(record.outcome())) {
            s.throttles.increment();
        } else if (SERVER_ERRORS.contains(record.outcome())) {
            s.serverErrors.increment();
        } else {
            s.clientErrors.increment();
        }
        if (!record.servedRegions().isEmpty() && !record.servedRegions().getLast().equals(record.sourceRegion())) {
            s.outsideSource.increment();
        }
        if (record.servedRegions().size() > 1) {
            s.continued.increment();
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String render() {
        StringBuilder out = new StringBuilder();
        Map<Labels, Series> sorted = new TreeMap<>((a, b) -> (a.modelId() + a.profile()).compareTo(b.modelId() + b.profile()));
        sorted.putAll(series);
        counter(out, "bedrock_invocations_total", "Invocations: runtime calls, successful or not.", sorted, s -> s.invocations);
        counter(out, "bedrock_input_tokens_total", "InputTokenCount.", sorted, s -> s.inputTokens);
        counter(out, "bedrock_output_tokens_total", "OutputTokenCount.", sorted, s -> s.outputTokens);
        counter(out, "bedrock_invocation_throttles_total", "InvocationThrottles: calls refused by throttling, quotas or budgets.", sorted, s -> s.throttles);
        counter(out, "bedrock_invocation_client_errors_total", "InvocationClientErrors.", sorted, s -> s.clientErrors);
        counter(out, "bedrock_invocation_server_errors_total", "InvocationServerErrors.", sorted, s -> s.serverErrors);
        counter(out, "outcrop_served_outside_source_region_total", "Calls answered by a region other than the caller's.", sorted, s -> s.outsideSource);
        counter(out, "outcrop_stream_continuations_total", "Streams continued on another region after a mid-answer failure.", sorted, s -> s.continued);
        out.append("# HELP bedrock_invocation_latency_seconds InvocationLatency of successful calls.\n")
                .append("# TYPE bedrock_invocation_latency_seconds histogram\n");
        sorted.forEach((labels, s) -> {
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                out.append("bedrock_invocation_latency_seconds_bucket{").append(labels.render()).append(",le=\"")
                        .append(LATENCY_BUCKETS[i]).append("\"} ").append(s.latencyBuckets[i].sum()).append('\n');
            }
            out.append("bedrock_invocation_latency_seconds_bucket{").append(labels.render()).append(",le=\"+Inf\"} ")
                    .append(s.latencyCount.sum()).append('\n');
            out.append("bedrock_invocation_latency_seconds_sum{").append(labels.render()).append("} ")
                    .append(String.format(Locale.ROOT, "%.3f", s.latencyMillisSum.sum() / 1000.0)).append('\n');
            out.append("bedrock_invocation_latency_seconds_count{").append(labels.render()).append("} ")
                    .append(s.latencyCount.sum()).append('\n');
        });
        List<DeploymentStatus> statuses = deployments.get();
        out.append("# HELP outcrop_deployment_up Whether a deployment takes traffic (healthy or stalled) rather than being throttled, ejected or probed.\n")
                .append("# TYPE outcrop_deployment_up gauge\n");
        statuses.forEach(d -> out.append("outcrop_deployment_up{model_id=\"").append(d.modelId()).append("\",region=\"")
                .append(d.region()).append("\",state=\"").append(d.state()).append("\"} ")
                .append(d.state().equals("healthy") || d.state().equals("stalled") ? 1 : 0).append('\n'));
        out.append("# HELP outcrop_deployment_in_flight Calls in flight on a deployment.\n# TYPE outcrop_deployment_in_flight gauge\n");
        statuses.forEach(d -> out.append("outcrop_deployment_in_flight{model_id=\"").append(d.modelId()).append("\",region=\"")
                .append(d.region()).append("\"} ").append(d.inFlight()).append('\n'));
        out.append("# HELP outcrop_deployment_first_token_seconds Recent time to first token of a deployment (EWMA).\n")
                .append("# TYPE outcrop_deployment_first_token_seconds gauge\n");
        statuses.forEach(d -> out.append("outcrop_deployment_first_token_seconds{model_id=\"").append(d.modelId())
                .append("\",region=\"").append(d.region()).append("\"} ")
                .append(String.format(Locale.ROOT, "%.3f", d.ewmaFirstTokenMs() / 1000.0)).append('\n'));
        out.append("# HELP outcrop_ledger_backlog Usage records queued but not yet durable.\n# TYPE outcrop_ledger_backlog gauge\n")
                .append("outcrop_ledger_backlog ").append(ledgerBacklog.getAsInt()).append('\n');
        out.append("# HELP outcrop_ledger_commits_total Commits that made usage records durable (one disk sync each).\n"
                + "# TYPE outcrop_ledger_commits_total counter\n")
                .append("outcrop_ledger_commits_total ").append(ledgerCommits.getAsLong()).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, Map<Labels, Series> sorted,
                                java.util.function.Function<Series, LongAdder> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name)
                .append(" counter\n");
        sorted.forEach((labels, s) -> out.append(name).append('{').append(labels.render()).append("} ")
                .append(value.apply(s).sum()).append('\n'));
    }
}
