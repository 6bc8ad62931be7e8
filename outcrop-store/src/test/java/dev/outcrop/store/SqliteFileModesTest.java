package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite files hold every key digest, sealed secret and usage record: only their owner may read them. */
class SqliteFileModesTest {
    @TempDir
    Path dir;

    private String mode(String file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)));
    }

    @Test
    void theDatabaseItsWriteAheadLogAndItsSharedMemoryAreCreatedOwnerOnly() throws Exception {
        try (Database database = Database.sqlite(dir)) {
            database.autoCommit(c -> c.createStatement().execute("CREATE TABLE probe (x INTEGER)"));

            assertThat(dir.resolve("outcrop.db-wal")).exists();
            assertThat(dir.resolve("outcrop.db-shm")).exists();
            assertThat(mode("outcrop.db")).isEqualTo("rw-------");
            assertThat(mode("outcrop.db-wal")).isEqualTo("rw-------");
            assertThat(mode("outcrop.db-shm")).isEqualTo("rw-------");
        }
    }

    @Test
    void filesLeftReadableByAnEarlierStartAreNarrowed() throws Exception {
        Database.sqlite(dir, "spool.db").close();
        Files.setPosixFilePermissions(dir.resolve("spool.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (Database database = Database.sqlite(dir, "spool.db")) {
            database.autoCommit(c -> c.createStatement().execute("CREATE TABLE probe (x INTEGER)"));

            assertThat(mode("spool.db")).isEqualTo("rw-------");
            assertThat(mode("spool.db-wal")).isEqualTo("rw-------");
            assertThat(mode("spool.db-shm")).isEqualTo("rw-------");
        }
    }
}
