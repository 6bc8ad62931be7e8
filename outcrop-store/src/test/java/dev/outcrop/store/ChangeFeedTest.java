package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Change notices between two nodes through a real PostgreSQL. */
class ChangeFeedTest {
    @Test
    void aChangePublishedOnOneNodeReachesTheOther() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            PostgresChangeFeed a = nodes.closeLater(new PostgresChangeFeed(nodes.node(url, "a").database()));
            PostgresChangeFeed b = nodes.closeLater(new PostgresChangeFeed(nodes.node(url, "b").database()));
            List<Change> heard = new CopyOnWriteArrayList<>();
            b.subscribe(new ChangeFeed.Listener() {
                @Override
                public void changed(Change change) {
                    heard.add(change);
                }

                @Override
                public void missed() {
                }
            });
            Change change = new Change(Change.Kind.TAGS, "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x y");
            long deadline = System.nanoTime() + 10_000_000_000L;
            // The listener may not have started listening yet: publish until it is heard.
            while (heard.isEmpty() && System.nanoTime() < deadline) {
                a.publish(change);
                Thread.sleep(100);
            }
            assertThat(heard).contains(change);
        }
    }
}
