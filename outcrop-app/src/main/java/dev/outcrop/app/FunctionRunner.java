package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@code AWS::Lambda::Function}'s handler on this machine, as {@code stacks invoke} does: Node.js for
 * {@code nodejs*} runtimes, Python 3 for {@code python*}, the code inline ({@code Code.ZipFile}, written as
 * {@code index.js} / {@code index.py} as Lambda does) or the asset directory the CDK wrote
 * ({@code aws:asset:path}), with the environment of the function. The handler's answer is its JSON on
 * standard output; what the function logs goes to standard error.
 */
final class FunctionRunner {
    private static final String NODE = """
            const path = require('path'); const { pathToFileURL } = require('url'); const fs = require('fs');
            const [dir, moduleName, fn, payload] = process.argv.slice(1);
            const file = ['.js', '.mjs', '.cjs'].map(e => path.join(dir, moduleName + e)).find(f => fs.existsSync(f));
            if (!file) { console.error('no module ' + moduleName + ' in ' + dir); process.exit(2); }
            import(pathToFileURL(file).href).then(async m => {
              const handler = m[fn] ?? (m.default && m.default[fn]);
              if (typeof handler !== 'function') { console.error('no function ' + fn + ' in ' + file); process.exit(2); }
              const result = await handler(JSON.parse(payload), { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME });
              process.stdout.write(JSON.stringify(result === undefined ? null : result) + '\\n');
            }).catch(e => { console.error(e && e.stack || e); process.exit(1); });
            """;
    private static final String PYTHON = """
            import importlib, json, sys
            directory, module_name, fn, payload = sys.argv[1:5]
            sys.path.insert(0, directory)
            handler = getattr(importlib.import_module(module_name), fn)
            print(json.dumps(handler(json.loads(payload), None)))
            """;
    private static final long TIMEOUT_MINUTES = 15; // Lambda's own limit
    private static final List<String> KEPT_VARIABLES = List.of("PATH", "NODE_PATH");

    private FunctionRunner() {}

    /**
     * Runs the function described by {@code properties} with {@code payload} and {@code environment}.
     *
     * @param assets the directory of the template, where the CDK's asset directories are
     * @return the process's exit status (0: the handler answered)
     */
    static int run(JsonNode properties, JsonNode metadata, Path assets, String payload, Map<String, String> environment,
                   PrintStream out) throws IOException, InterruptedException {
        String runtime = properties.path("Runtime").asText("");
        String handler = properties.path("Handler").asText("");
        int dot = handler.lastIndexOf('.');
        if (dot <= 0 || dot == handler.length() - 1) {
            throw new ValidationException("The function's Handler must be MODULE.FUNCTION, not '" + handler + "'.");
        }
        boolean node = runtime.startsWith("nodejs");
        if (!node && !runtime.startsWith("python")) {
            throw new ValidationException("stacks invoke runs nodejs* and python* functions; this one's Runtime is '"
                    + runtime + "'.");
        }
        Path directory = code(properties, metadata, assets, node);
        List<String> command = node
                ? List.of("node", "-e", NODE, directory.toString(), handler.substring(0, dot), handler.substring(dot + 1), payload)
                : List.of("python3", "-c", PYTHON, directory.toString(), handler.substring(0, dot),
                        handler.substring(dot + 1), payload);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // Only the function's environment and what finds the runtime and its libraries (Lambda's runtime carries
        // the AWS SDK; here NODE_PATH can point at an installed one): none of this machine's AWS settings.
        Map<String, String> env = builder.environment();
        Map<String, String> kept = new java.util.HashMap<>();
        for (String name : KEPT_VARIABLES) {
            String value = env.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        env.clear();
        env.putAll(kept);
        env.putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ValidationException("Cannot start " + command.getFirst() + " for the " + runtime
                    + " function: is it installed on this machine?", e);
        }
        Thread answer = Thread.ofVirtual().start(() -> {
            try (var stdout = process.getInputStream()) {
                stdout.transferTo(out);
            } catch (IOException e) {
                // the process is gone: its status says what happened
            }
        });
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new ValidationException("The function ran longer than " + TIMEOUT_MINUTES + " minutes.");
        }
        answer.join();
        out.flush();
        return process.exitValue();
    }

    private static Path code(JsonNode properties, JsonNode metadata, Path assets, boolean node) throws IOException {
        JsonNode inline = properties.path("Code").path("ZipFile");
        if (inline.isTextual()) {
            Path directory = Files.createTempDirectory("outcrop-function-");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve(node ? "index.js" : "index.py");
            Files.writeString(file, inline.asText(), StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return directory;
        }
        String assetPath = metadata.path("aws:asset:path").asText(null);
        if (assetPath == null) {
            throw new ValidationException("The function has neither Code.ZipFile nor the aws:asset:path metadata of "
                    + "a CDK asset: Outcrop cannot fetch code from S3.");
        }
        Path directory = assets.resolve(assetPath).normalize();
        if (!Files.isDirectory(directory)) {
            throw new UncheckedIOException(new IOException("The function's asset " + directory
                    + " is not a directory (give the template's directory with --assets)."));
        }
        return directory;
    }
}
