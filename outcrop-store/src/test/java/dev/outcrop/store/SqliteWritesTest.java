package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.cluster.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's writes from a virtual thread run on a platform thread: SQLite waits for its write lock natively. */
class SqliteWritesTest {
    @TempDir
    Path dir;
    private Database database;

    @BeforeEach
    void open() {
        database = Database.sqlite(dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aVirtualThreadsWritesRunOnAPlatformThreadAndItsReadsOnItself() throws Exception {
        Thread transaction = onVirtualThread(() -> database.inTransaction(c -> Thread.currentThread()));
        Thread statements = onVirtualThread(() -> database.autoCommit(c -> Thread.currentThread()));
        Thread[] readerAndCaller = onVirtualThread(() -> new Thread[] {database.read(c -> Thread.currentThread()),
                Thread.currentThread()});

        assertThat(transaction.isVirtual()).isFalse();
        assertThat(transaction.getName()).startsWith("outcrop-sqlite-write-");
        assertThat(statements.isVirtual()).isFalse();
        assertThat((Object) readerAndCaller[0]).isSameAs(readerAndCaller[1]);
    }

    @Test
    void aPlatformThreadWritesItself() {
        Thread writer = database.inTransaction(c -> Thread.currentThread());

        assertThat((Object) writer).isSameAs(Thread.currentThread());
    }

    @Test
    void aWriteThatFailsFailsItsVirtualThreadWithTheSameError() {
        assertThatThrownBy(() -> onVirtualThread(() -> database.inTransaction(c -> {
            c.createStatement().execute("INSERT INTO no_such_table VALUES (1)");
            return null;
        }))).isInstanceOf(StoreException.class).hasMessageContaining("database transaction failed")
                .hasRootCauseInstanceOf(SQLException.class);
    }

    private static <T> T onVirtualThread(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
