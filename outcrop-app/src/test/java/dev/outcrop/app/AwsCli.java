package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The AWS CLI run against a test server as the root principal. */
final class AwsCli {
    private AwsCli() {}

    /** The exit code and the output (stdout and stderr) of one command. */
    record Result(int exitCode, String output) {}

    /** Runs {@code aws ARGS} with the server's endpoint; its output, once it exited with 0. */
    static String run(TestOutcrop outcrop, String... args) throws Exception {
        Result result = attempt(outcrop, args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    /** Runs {@code aws ARGS} with the server's endpoint, whatever its exit code. */
    static Result attempt(TestOutcrop outcrop, String... args) throws Exception {
        return attempt(outcrop, java.util.Map.of(), args);
    }

    /** Runs {@code aws ARGS} with the server's endpoint and {@code env} over the root's credentials. */
    static Result attempt(TestOutcrop outcrop, java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", outcrop.endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", TestOutcrop.ROOT_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", TestOutcrop.ROOT_SECRET);
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        builder.environment().remove("AWS_PROFILE");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
