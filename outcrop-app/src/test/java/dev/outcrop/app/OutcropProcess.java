package dev.outcrop.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outcrop in a process of its own, started as a user starts it ({@code outcrop serve}, from this test JVM's
 * class path), so that it can be killed, restarted, or run beside others as a cluster.
 */
final class OutcropProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Outcrop listening on (http://\\S+)");
    private final Process process;
    private final URI endpoint;
    private final List<String> output;

    private OutcropProcess(Process process, URI endpoint, List<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
    }

    /** The JVM options the launcher passes. */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED");

    /** Starts {@code outcrop serve --port 0} with {@code options}, and waits until it listens. */
    static OutcropProcess start(Map<String, String> env, String... options) throws Exception {
        return start(LAUNCHER_JVM_OPTIONS, env, options);
    }

    /** As {@link #start(Map, String...)}, in a JVM started with {@code jvmOptions} instead of the launcher's. */
    static OutcropProcess start(List<String> jvmOptions, Map<String, String> env, String... options) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(TestOutcrop.ENV);
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            output.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                // A platform thread: a pipe's read holds a virtual thread's carrier, and three of them held every
                // carrier of a two-core machine while the test's own virtual threads waited for one.
                Thread.ofPlatform().daemon().name("outcrop-process-output").start(() -> {
                    try {
                        out.lines().forEach(output::add); // keep draining until the process goes
                    } catch (java.io.UncheckedIOException gone) {
                        // the process was killed
                    }
                });
                return new OutcropProcess(process, URI.create(matcher.group(1)), output);
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("outcrop serve exited before listening:\n" + String.join("\n", output));
    }

    URI endpoint() {
        return endpoint;
    }

    /** What it printed so far (standard output and error). */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Kills it at once (SIGKILL: no shutdown hook, no flush). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops it as an operator would (SIGTERM: it leaves the cluster and flushes). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
