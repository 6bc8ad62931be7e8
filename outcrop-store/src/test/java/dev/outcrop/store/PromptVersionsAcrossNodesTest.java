package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.context.RequestScope;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptResolver;
import dev.outcrop.prompt.PromptService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the runtime of one node sees of the prompt versions another node creates and deletes, through PostgreSQL. */
class PromptVersionsAcrossNodesTest {
    private static final RequestScope SCOPE = new RequestScope("aws", "123456789012", "us-east-1");

    /** One node's control plane and runtime lookup, over its own pool and change feed. */
    private record Node(PromptService prompts, PromptResolver resolver) {}

    private static Node node(PostgresNodes nodes, String url, String id) {
        Database database = nodes.node(url, id).database();
        PostgresChangeFeed changes = nodes.closeLater(new PostgresChangeFeed(database));
        JdbcPromptStore store = new JdbcPromptStore(database);
        return new Node(new PromptService(store, (scope, model) -> { }, Clock.systemUTC(), changes),
                new PromptResolver(store, changes));
    }

    private static String createdWithAVersion(PromptService prompts) {
        String id = prompts.create(SCOPE, new PromptService.Content("p", null, null, null,
                JsonNodeFactory.instance.arrayNode()), null, List.of()).id();
        prompts.createVersion(SCOPE, id, null, null, List.of());
        return id;
    }

    @Test
    void aVersionCreatedOnOneNodeIsFoundAtOnceOnAnotherThatLookedForItBefore() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            PromptService a = node(nodes, url, "a").prompts();
            PromptResolver b = node(nodes, url, "b").resolver();
            String id = createdWithAVersion(a);
            assertThat(b.resolveVersion(SCOPE, id, 2)).isEmpty();

            a.createVersion(SCOPE, id, null, null, List.of());

            assertThat(b.resolveVersion(SCOPE, id, 2)).map(Prompt::version).contains(2);
        }
    }

    @Test
    void aVersionDeletedOnOneNodeStopsResolvingOnAnother() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            PromptService a = node(nodes, url, "a").prompts();
            PromptResolver b = node(nodes, url, "b").resolver();
            String id = createdWithAVersion(a);
            assertThat(b.resolveVersion(SCOPE, id, 1)).isPresent(); // now cached on b

            a.delete(SCOPE, id, "1");

            Optional<Prompt> seen = b.resolveVersion(SCOPE, id, 1);
            long deadline = System.nanoTime() + 10_000_000_000L; // the notice (NOTIFY), or the cache time at worst
            while (seen.isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                seen = b.resolveVersion(SCOPE, id, 1);
            }
            assertThat(seen).isEmpty();
        }
    }
}
