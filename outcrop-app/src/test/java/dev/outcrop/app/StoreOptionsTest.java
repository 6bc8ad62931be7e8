package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options every database command shares: the file first, --data-dir and --store over it in any order. */
class StoreOptionsTest {
    @TempDir
    Path dir;

    private static Deque<String> args(String... args) {
        return new ArrayDeque<>(List.of(args));
    }

    /** Feeds {@code args} to {@code options} as a command's loop does and answers what it did not take. */
    private static List<String> parse(StoreOptions options, Deque<String> args) {
        List<String> rest = new java.util.ArrayList<>();
        while (!args.isEmpty()) {
            String next = args.pop();
            if (!options.accept(next, args)) {
                rest.add(next);
            }
        }
        return rest;
    }

    @Test
    void theDataDirectoryGivenWinsOverTheFileWhicheverComesFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("outcrop.yaml"), "store:\n  dataDir: " + dir.resolve("from-file") + "\n");
        for (Deque<String> args : List.of(
                args("--data-dir", dir.resolve("given").toString(), "--config", file.toString()),
                args("--config", file.toString(), "--data-dir", dir.resolve("given").toString()))) {
            StoreOptions options = StoreOptions.store();
            assertThat(parse(options, args)).isEmpty();
            assertThat(options.config(Map.of()).store().dataDir()).isEqualTo(dir.resolve("given"));
        }
        StoreOptions fileOnly = StoreOptions.store();
        parse(fileOnly, args("--config", file.toString()));
        assertThat(fileOnly.config(Map.of()).store().dataDir()).isEqualTo(dir.resolve("from-file"));
    }

    @Test
    void regionIsTakenOnlyWhereTheCommandHasOne() {
        StoreOptions withRegion = StoreOptions.withRegion();
        assertThat(parse(withRegion, args("--region", "us-west-2", "ROUTER"))).containsExactly("ROUTER");
        assertThat(withRegion.region()).isEqualTo("us-west-2");

        StoreOptions store = StoreOptions.store();
        assertThat(parse(store, args("--region", "us-west-2"))).containsExactly("--region", "us-west-2");
        assertThat(store.region()).isNull();
        assertThat(store.config(Map.of()).store().dataDir()).isEqualTo(OutcropConfig.defaults().store().dataDir());
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> StoreOptions.store().accept("--data-dir", args()))
                .isInstanceOf(Main.UsageException.class);
    }
}
