package dev.outcrop.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Outcrop the end-to-end benchmarks measure: its root key, its configuration (everything on: a budget
 * and a quota that count every call without ever refusing one) and how its processes are started.
 */
final class BenchOutcrop {
    static final String KEY = "AKIABENCHROOT0000001";
    static final String SECRET = "bench-root-secret-0000000000";
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    private BenchOutcrop() {}

    /** Haiku in two regions on an OpenAI-compatible backend at {@code backendPort}, the simulator off. */
    static String openAiBackend(int backendPort) {
        return """
                simulator: {enabled: false}
                deployments:
                  - model: %s
                    regions: [us-east-1, us-west-2]
                    provider: openai
                    url: http://127.0.0.1:%d/v1
                    remoteModel: bench
                """.formatted(HAIKU, backendPort);
    }

    /** The configuration file's text: {@code backend} (a YAML section), the limits, the ledger's durability. */
    static String config(int port, String backend, String durability) {
        return "server: {port: " + port + "}\n" + backend + """
                usage:
                  durability: %s
                  budgets:
                    - {name: bench-budget, scope: "principal:root", period: monthly, limitUsd: 1000000}
                  quotas:
                    - {name: bench-quota, scope: "principal:root", requestsPerMinute: 100000000}
                """.formatted(durability);
    }

    /** Starts {@code command} with the root's key in its environment, its output in {@code work/name.log}. */
    static Process start(Path work, String name, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("OUTCROP_ROOT_ACCESS_KEY_ID", KEY);
        builder.environment().put("OUTCROP_ROOT_SECRET_ACCESS_KEY", SECRET);
        builder.environment().put("NODE_ENV", "production");
        return builder.start();
    }
}
