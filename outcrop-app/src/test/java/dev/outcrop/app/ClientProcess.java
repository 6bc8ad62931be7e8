package dev.outcrop.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client of the conformance stage run as a process of its own (node, python3, aws), with an environment made
 * only of what it is given: no AWS variable, profile or configuration file of the machine leaks in.
 */
final class ClientProcess {
    private ClientProcess() {
    }

    /** What the process did. */
    record Result(int exitCode, String out, String err) {}

    /** Whether {@code command} is on the PATH (it answers {@code --version}). */
    static boolean available(String command) {
        return succeeds(command, "--version");
    }

    /** Whether {@code command} runs and exits with 0 within 30 seconds. */
    static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} in {@code directory}, killing it after {@code timeoutSeconds}. */
    static Result run(List<String> command, Path directory, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("client", ".out");
        Path err = Files.createTempFile("client", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            Path none = directory.resolve("no-such-aws-config");
            builder.environment().put("AWS_CONFIG_FILE", none.toString());
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", none.toString());
            builder.environment().put("AWS_PAGER", "");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(out), "killed after " + timeoutSeconds + " s: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
