package dev.outcrop.app;

import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.store.Database;
import dev.outcrop.store.JdbcProfileStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The services the CLI's {@code keys} and {@code policies} commands use, opened on the data directory
 * directly (the same database a running server uses; its caches pick changes up within seconds).
 */
final class LocalAdmin implements AutoCloseable {
    private final Database database;
    private final IdentityService identity;
    private final Workloads workloads;

    private LocalAdmin(Database database, IdentityService identity, Workloads workloads) {
        this.database = database;
        this.identity = identity;
        this.workloads = workloads;
    }

    static LocalAdmin open(OutcropConfig config) {
        Path dataDir = Outcrop.prepareDataDir(config.store().dataDir());
        Database database = Database.sqlite(dataDir);
        try {
            IdentityService identity = Security.start(config, database, dataDir, System.getenv()).identity();
            var catalog = CatalogLoader.builtIn();
            InferenceProfileService profiles = new InferenceProfileService(catalog, new JdbcProfileStore(database),
                    Clock.systemUTC());
            return new LocalAdmin(database, identity, new Workloads(identity, profiles,
                    new TargetResolver(catalog, profiles), config));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    IdentityService identity() {
        return identity;
    }

    Workloads workloads() {
        return workloads;
    }

    @Override
    public void close() {
        database.close();
    }
}
