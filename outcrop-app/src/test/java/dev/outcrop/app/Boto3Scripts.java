package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Python scripts that use boto3, run against a test server as the root principal. */
final class Boto3Scripts {
    private Boto3Scripts() {}

    /** Whether python3 can import boto3 here (tests that need it skip, visibly, where it cannot). */
    static boolean boto3Installed() {
        return ClientProcess.succeeds("python3", "-c", "import boto3");
    }

    /** Runs {@code script} with the server's endpoint and {@code args}; its output, once it exited with 0. */
    static String run(Path script, TestOutcrop outcrop, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), outcrop.endpoint().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", TestOutcrop.ROOT_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", TestOutcrop.ROOT_SECRET);
        builder.environment().remove("AWS_PROFILE");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ of checks.py in the sources
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
