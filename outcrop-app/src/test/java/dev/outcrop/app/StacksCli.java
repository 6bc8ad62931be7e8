package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code outcrop stacks ...} run on a data directory, as a user runs it, with what it printed. */
final class StacksCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    StacksCli(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Copies the test resource {@code resource} into {@code dataDir} as {@code fileName} and answers its path, once
     * Outcrop has started and stopped there: the root principal exists, as on a machine where Outcrop ran.
     */
    static Path prepare(Path dataDir, String resource, String fileName) throws IOException {
        Path template = dataDir.resolve(fileName);
        try (InputStream in = StacksCli.class.getResourceAsStream(resource)) {
            Files.write(template, in.readAllBytes());
        }
        TestOutcrop.start(dataDir).close();
        return template;
    }

    /** Runs {@code outcrop stacks ARGS --data-dir DIR}; its exit code. */
    int run(String... args) {
        out.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        return StackCommands.run(new ArrayDeque<>(all), new PrintStream(out, true, StandardCharsets.UTF_8),
                TestOutcrop.ENV);
    }

    /** What the last command printed. */
    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The stack's outputs the last deploy or describe printed. */
    Map<String, String> outputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        output().lines().filter(l -> l.startsWith("  ") && l.contains(" = "))
                .forEach(l -> outputs.put(l.strip().split(" = ")[0], l.strip().split(" = ")[1].split(" ")[0]));
        return outputs;
    }

    /** The physical id of each resource, by logical id, from {@code stacks describe STACK}. */
    Map<String, String> physicalIds(String stack) {
        assertThat(run("describe", stack)).as(output()).isZero();
        Map<String, String> ids = new LinkedHashMap<>();
        output().lines().filter(l -> l.startsWith("  ") && l.contains("\t"))
                .map(l -> l.strip().split("\t")).filter(f -> f.length > 2).forEach(f -> ids.put(f[0], f[2]));
        return ids;
    }

    /** Runs the stack's function with {@code payload} against {@code endpoint}; its answer. */
    JsonNode invoke(String stack, String function, String endpoint, String payload) throws IOException {
        assertThat(run("invoke", stack, function, "--endpoint", endpoint, "--payload", payload)).as(output()).isZero();
        return JSON.readTree(output());
    }

    /** The environment {@code stacks env} gives the stack's function. */
    Map<String, String> env(String stack, String function) {
        assertThat(run("env", stack, function, "--endpoint", "http://127.0.0.1:1")).as(output()).isZero();
        Map<String, String> env = new LinkedHashMap<>();
        output().lines().filter(l -> l.contains("=")).forEach(l -> env.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return env;
    }
}
