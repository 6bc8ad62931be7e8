package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an {@code AWS::Lambda::Function}'s handler on this machine, as {@code stacks invoke} does: Node.js for
 * {@code nodejs*} runtimes, Python 3 for {@code python*}, the code inline ({@code Code.ZipFile}, written as
 * {@code index.js} / {@code index.py} as Lambda does) or the asset directory the CDK wrote
 * ({@code aws:asset:path}), with the environment of the function. The handler's answer is its JSON on
 * standard output; what the function logs goes to standard error.
 *
 * <p>The function is code from a template, so it is contained as Lambda contains it: it sees none of this
 * machine's environment (Outcrop's secrets among it), runs at most its {@code Timeout}, and its payload and
 * answer are bounded by Lambda's synchronous limit; its code is read only from inside the template's directory.
 */
final class FunctionRunner {
    /** Lambda's limit on a synchronous invocation's request and response payloads. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** Lambda's default {@code Timeout}, in seconds. */
    static final int DEFAULT_TIMEOUT_SECONDS = 3;
    /** Lambda's largest {@code Timeout}, in seconds. */
    static final int MAX_TIMEOUT_SECONDS = 900;
    /** {@code FILE.FUNCTION}: a file of the code's directory (no path) and the function it exports. */
    private static final Pattern HANDLER = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\.([A-Za-z_$][A-Za-z0-9_$]*)");
    /**
     * What the runtime may take to start and load the code before the handler's {@code Timeout} starts (Lambda's
     * init phase limit): the wrapper times the handler itself, this bounds the whole process.
     */
    private static final int INIT_SECONDS = 10;
    /** The wrapper's exit status for a handler that ran past its {@code Timeout}. */
    private static final int TIMED_OUT = 124;
    private static final String MINIMAL_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final String NODE = """
            const { pathToFileURL } = require('url'); const fs = require('fs');
            const [file, fn, seconds] = process.argv.slice(1);
            const payload = fs.readFileSync(0, 'utf8');
            import(pathToFileURL(file).href).then(async m => {
              const handler = m[fn] ?? (m.default && m.default[fn]);
              if (typeof handler !== 'function') { console.error('no function ' + fn + ' in ' + file); process.exit(2); }
              setTimeout(() => process.exit(124), seconds * 1000).unref();
              const result = await handler(JSON.parse(payload), { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME });
              process.stdout.write(JSON.stringify(result === undefined ? null : result) + '\\n');
            }).catch(e => { console.error(e && e.stack || e); process.exit(1); });
            """;
    private static final String PYTHON = """
            import importlib.util, json, os, sys
            import signal
            file, fn, seconds = sys.argv[1:4]
            payload = sys.stdin.read()
            sys.path.insert(0, os.path.dirname(file))
            spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(file))[0], file)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            handler = getattr(module, fn)
            signal.signal(signal.SIGALRM, lambda *_: os._exit(124))
            signal.alarm(int(seconds))
            print(json.dumps(handler(json.loads(payload), None)))
            """;

    private FunctionRunner() {}

    /**
     * Runs the function described by {@code properties} with {@code payload} and {@code environment}.
     *
     * @param assets the directory of the template, where the CDK's asset directories are
     * @return the process's exit status (0: the handler answered)
     * @throws ValidationException for a handler that is not {@code FILE.FUNCTION}, code outside {@code assets}, a
     *         payload or answer over Lambda's limit, or a function that runs past its {@code Timeout} (killed)
     */
    static int run(JsonNode properties, JsonNode metadata, Path assets, String payload, Map<String, String> environment,
                   PrintStream out) throws IOException, InterruptedException {
        String runtime = properties.path("Runtime").asText("");
        String handler = properties.path("Handler").asText("");
        Matcher parts = HANDLER.matcher(handler);
        if (!parts.matches()) {
            throw new ValidationException("The function's Handler must be FILE.FUNCTION (a file of its code's "
                    + "directory and the function it exports), not '" + handler + "'.");
        }
        boolean node = runtime.startsWith("nodejs");
        if (!node && !runtime.startsWith("python")) {
            throw new ValidationException("stacks invoke runs nodejs* and python* functions; this one's Runtime is '"
                    + runtime + "'.");
        }
        byte[] request = payload.getBytes(StandardCharsets.UTF_8);
        if (request.length > MAX_PAYLOAD_BYTES) {
            throw new ValidationException("Request must be smaller than " + MAX_PAYLOAD_BYTES + " bytes for the "
                    + "InvokeFunction operation");
        }
        int timeout = timeout(properties);
        Path directory = code(properties, metadata, assets, node);
        Path file = module(directory, parts.group(1), node);
        List<String> command = node ? List.of(executable("node", "-p", "process.execPath"), "-e", NODE,
                file.toString(), parts.group(2), String.valueOf(timeout))
                : List.of(executable("python3", "-c", "import sys; print(sys.executable)"), "-c", PYTHON,
                        file.toString(), parts.group(2), String.valueOf(timeout));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        contain(builder.environment(), environment);
        Process process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(request);
            } catch (IOException e) {
                // the handler did not read its payload: its exit status says what happened
            }
        });
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> readBounded(process, answer));
        boolean ended = process.waitFor(timeout + INIT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            kill(process);
        }
        reader.join();
        if (!ended || process.exitValue() == TIMED_OUT) {
            throw new ValidationException(String.format(java.util.Locale.ROOT, "Task timed out after %d.00 seconds",
                    timeout));
        }
        if (answer.size() > MAX_PAYLOAD_BYTES) {
            throw new ValidationException("Response payload size exceeded maximum allowed payload size ("
                    + MAX_PAYLOAD_BYTES + " bytes).");
        }
        answer.writeTo(out);
        out.flush();
        return process.exitValue();
    }

    /** The function's {@code Timeout}: Lambda's default when absent, never over Lambda's largest. */
    static int timeout(JsonNode properties) {
        JsonNode given = properties.get("Timeout");
        if (given == null || given.isNull()) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(given.asText());
        } catch (NumberFormatException e) {
            throw new ValidationException("The function's Timeout must be a number of seconds, not '"
                    + given.asText() + "'.");
        }
        if (seconds < 1) {
            throw new ValidationException("The function's Timeout must be at least 1 second, not " + seconds + ".");
        }
        return Math.min(seconds, MAX_TIMEOUT_SECONDS);
    }

    /**
     * Replaces the inherited environment with the function's and a minimal {@code PATH}, {@code HOME} and
     * {@code LANG}; {@code NODE_PATH}, where the runtime's libraries (the AWS SDK Lambda's runtime carries) are
     * found, is kept.
     */
    private static void contain(Map<String, String> env, Map<String, String> function) {
        String nodePath = env.get("NODE_PATH");
        env.clear();
        env.put("PATH", MINIMAL_PATH);
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("LANG", "C.UTF-8");
        if (nodePath != null) {
            env.put("NODE_PATH", nodePath);
        }
        env.putAll(function);
    }

    /**
     * The runtime's own executable, as it names itself: a launcher found on this machine's {@code PATH} (a version
     * manager's shim) may need this machine's environment, which the function does not get.
     */
    private static String executable(String name, String... printSelf) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(name));
        command.addAll(List.of(printSelf));
        Process probe;
        try {
            probe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new ValidationException("Cannot start " + name + " for the function: is it installed on this "
                    + "machine?", e);
        }
        String path;
        try (InputStream in = probe.getInputStream()) {
            path = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
        }
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0 || path.isEmpty()) {
            probe.destroyForcibly();
            throw new ValidationException("Cannot start " + name + " for the function: is it installed on this "
                    + "machine?");
        }
        return path;
    }

    /** Reads the answer, killing the process once it is over Lambda's limit (one byte over, to tell). */
    private static void readBounded(Process process, ByteArrayOutputStream answer) {
        byte[] buffer = new byte[65536];
        try (InputStream stdout = process.getInputStream()) {
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                int room = MAX_PAYLOAD_BYTES + 1 - answer.size();
                answer.write(buffer, 0, Math.min(n, room));
                if (answer.size() > MAX_PAYLOAD_BYTES) {
                    kill(process);
                    return;
                }
            }
        } catch (IOException e) {
            // the process is gone: its status says what happened
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Path code(JsonNode properties, JsonNode metadata, Path assets, boolean node) throws IOException {
        JsonNode inline = properties.path("Code").path("ZipFile");
        if (inline.isTextual()) {
            Path directory = Files.createTempDirectory("outcrop-function-");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve(node ? "index.js" : "index.py");
            Files.writeString(file, inline.asText(), StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return directory.toRealPath();
        }
        String assetPath = metadata.path("aws:asset:path").asText(null);
        if (assetPath == null) {
            throw new ValidationException("The function has neither Code.ZipFile nor the aws:asset:path metadata of "
                    + "a CDK asset: Outcrop cannot fetch code from S3.");
        }
        Path root = assets.toRealPath();
        Path directory = root.resolve(assetPath).normalize();
        if (!Files.isDirectory(directory)) {
            throw new ValidationException("The function's asset " + directory + " is not a directory (give the "
                    + "template's directory with --assets).");
        }
        // The template names the directory: it may not reach outside the template's own (by .. or a symlink).
        Path real = directory.toRealPath();
        if (!real.startsWith(root) || !directory.startsWith(root)) {
            throw new ValidationException("The function's asset path '" + assetPath + "' leads outside the "
                    + "template's directory " + root + ".");
        }
        return real;
    }

    /** The handler's file in {@code directory}, which must be there and not a link to a file elsewhere. */
    private static Path module(Path directory, String name, boolean node) throws IOException {
        for (String extension : node ? List.of(".js", ".mjs", ".cjs") : List.of(".py")) {
            Path file = directory.resolve(name + extension);
            if (Files.isRegularFile(file)) {
                Path real = file.toRealPath();
                if (!real.startsWith(directory)) {
                    throw new ValidationException("The function's handler file " + name + extension + " leads "
                            + "outside its code's directory.");
                }
                return real;
            }
        }
        throw new ValidationException("The function's handler file " + name + (node ? ".js" : ".py") + " is not in "
                + "its code's directory.");
    }
}
