package dev.outcrop.app;

import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.store.JdbcProfileStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The services the CLI's {@code keys} and {@code policies} commands use, opened on the configured database
 * directly (the same one the servers use: on PostgreSQL their caches hear of changes at once, on SQLite
 * within seconds).
 */
final class LocalAdmin implements AutoCloseable {
    private final Storage storage;
    private final IdentityService identity;
    private final Workloads workloads;

    private LocalAdmin(Storage storage, IdentityService identity, Workloads workloads) {
        this.storage = storage;
        this.identity = identity;
        this.workloads = workloads;
    }

    static LocalAdmin open(OutcropConfig config) {
        Path dataDir = Outcrop.prepareDataDir(config.store().dataDir());
        Storage storage = Storage.open(config.store(), dataDir, System.getenv(), "outcrop cli");
        try {
            IdentityService identity = Security.start(config, storage, dataDir, System.getenv()).identity();
            var catalog = CatalogLoader.builtIn();
            InferenceProfileService profiles = new InferenceProfileService(catalog,
                    new JdbcProfileStore(storage.database()), Clock.systemUTC(), storage.changes());
            return new LocalAdmin(storage, identity, new Workloads(identity, profiles,
                    new TargetResolver(catalog, profiles), config));
        } catch (RuntimeException e) {
            storage.close();
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
        storage.close();
    }
}
