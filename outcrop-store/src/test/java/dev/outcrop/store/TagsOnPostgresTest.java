package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.tag.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Tag limits hold when two nodes tag one resource at the same moment. */
class TagsOnPostgresTest {
    private static final String ARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghijkl";

    private static List<Tag> tags(String prefix, int n) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add(new Tag(prefix + i, "v"));
        }
        return tags;
    }

    @Test
    void twoNodesTaggingAtOnceCannotTakeAResourcePastTheLimit() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            JdbcProfileStore a = new JdbcProfileStore(nodes.node(url, "a").database());
            JdbcProfileStore b = new JdbcProfileStore(nodes.node(url, "b").database());
            for (int round = 0; round < 10; round++) {
                String arn = ARN + round;
                try (var pool = Executors.newFixedThreadPool(2)) {
                    Future<Boolean> first = pool.submit(() -> a.putTags(arn, tags("a", 150), 200));
                    Future<Boolean> second = pool.submit(() -> b.putTags(arn, tags("b", 150), 200));
                    assertThat(first.get() ^ second.get()).as("exactly one of the two fits").isTrue();
                }
                assertThat(a.tags(arn)).hasSize(150);
            }
        }
    }
}
