package dev.outcrop.app;

import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.ProfileResolver;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.stacks.StackEngine;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.store.JdbcProfileStore;
import dev.outcrop.store.JdbcPromptStore;
import dev.outcrop.store.JdbcRouterStore;
import dev.outcrop.tag.TagService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The services the CLI's {@code keys}, {@code policies}, {@code profiles} and {@code stacks} commands use, opened on
 * the configured database directly (the same one the servers use: on PostgreSQL their caches hear of changes at once, on SQLite
 * within seconds).
 */
final class LocalAdmin implements AutoCloseable {
    private final Storage storage;
    private final IdentityService identity;
    private final Workloads workloads;
    private final StackEngine stacks;
    private final ProfileConfigurations configurations;

    private LocalAdmin(Storage storage, IdentityService identity, Workloads workloads, StackEngine stacks,
                       ProfileConfigurations configurations) {
        this.storage = storage;
        this.identity = identity;
        this.workloads = workloads;
        this.stacks = stacks;
        this.configurations = configurations;
    }

    /**
     * Opens the services on the configured database. Unlike {@code serve}, it creates no credentials: no
     * root principal, no root key (not even from {@code OUTCROP_ROOT_*}), no {@code root-credentials} file.
     * A command that only reads must not leave a new administrator key behind.
     */
    static LocalAdmin open(OutcropConfig config, Map<String, String> env) {
        Path dataDir = Outcrop.prepareDataDir(config.store().dataDir());
        Storage storage = Storage.open(config.store(), dataDir, env, "outcrop cli");
        try {
            IdentityService identity = Security.identity(storage, dataDir, env, config.account().id());
            var catalog = CatalogLoader.builtIn();
            JdbcProfileStore profileStore = new JdbcProfileStore(storage.database());
            InferenceProfileService profiles = new InferenceProfileService(catalog, profileStore, Clock.systemUTC(),
                    storage.changes());
            TargetResolver targets = new TargetResolver(catalog, new ProfileResolver(catalog, profileStore,
                    storage.changes()));
            PromptRouterService routers = new PromptRouterService(catalog, targets,
                    new JdbcRouterStore(storage.database()), Clock.systemUTC(), storage.changes());
            PromptService prompts = new PromptService(new JdbcPromptStore(storage.database()),
                    (scope, modelId) -> PromptModels.check(targets, routers, scope, modelId), Clock.systemUTC(),
                    storage.changes());
            TagService tags = TagWiring.tags(profileStore, profiles, prompts, routers, storage.changes());
            ProfileConfigurations configurations = new ProfileConfigurations(profiles, profileStore, Clock.systemUTC(),
                    storage.changes());
            StackEngine stacks = StackWiring.engine(storage.database(), SmithyModel.bedrock(), profiles, tags, identity,
                    configurations, prompts);
            return new LocalAdmin(storage, identity, new Workloads(identity, profiles, targets, config), stacks,
                    configurations);
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

    StackEngine stacks() {
        return stacks;
    }

    ProfileConfigurations configurations() {
        return configurations;
    }

    @Override
    public void close() {
        storage.close();
    }
}
