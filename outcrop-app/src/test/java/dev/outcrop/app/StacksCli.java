package dev.outcrop.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** {@code outcrop stacks} as the stack tests run it: on a data directory, the last command's output kept. */
final class StacksCli {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

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

    /** Runs {@code outcrop stacks ARGS --data-dir DATA_DIR} and answers its exit code. */
    int run(Path dataDir, String... args) {
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
}
