package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/admin-api.md documents every resource of the admin API, and only those. */
class AdminApiDocTest {
    private static final Path PAGE = Path.of("..", "docs", "admin-api.md").toAbsolutePath().normalize();
    private static final Pattern HEADING = Pattern.compile("^### `([A-Z]+ /_outcrop/\\S+)`$", Pattern.MULTILINE);

    @Test
    void thePageListsEveryResourceTheServerHasAndNoOther(@TempDir Path dataDir) throws Exception {
        List<String> documented = documented(Files.readString(PAGE));
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            assertThat(documented).as("the resources of " + PAGE.getFileName())
                    .containsExactlyInAnyOrderElementsOf(outcrop.outcrop().adminRoutes());
        }
    }

    private static List<String> documented(String page) {
        Matcher headings = HEADING.matcher(page);
        return headings.results().map(m -> m.group(1)).toList();
    }
}
