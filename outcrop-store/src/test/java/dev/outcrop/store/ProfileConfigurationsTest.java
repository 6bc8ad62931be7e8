package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.Setting;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile's inference configuration, stored in its row on SQLite and PostgreSQL, and cached for the runtime. */
class ProfileConfigurationsTest {
    private static final RequestScope SCOPE = new RequestScope("aws", "123456789012", "us-east-1");
    private static final String HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final StoredInferenceConfig CAPPED = new StoredInferenceConfig(Setting.limit(2000),
            Setting.byDefault(0.2), null, null, Setting.fixed(List.of("END")), null, null);

    @TempDir
    Path dir;

    private record Services(InferenceProfileService profiles, ProfileConfigurations configurations) {}

    private static Services services(Database database, Clock clock) {
        JdbcProfileStore store = new JdbcProfileStore(database);
        ChangeFeed changes = new ChangeFeed();
        InferenceProfileService profiles = new InferenceProfileService(CatalogLoader.builtIn(), store, clock, changes);
        return new Services(profiles, new ProfileConfigurations(profiles, store, clock, changes));
    }

    private static String create(Services services) {
        return services.profiles().create(SCOPE, "capped", null, HAIKU, null, List.of()).inferenceProfileArn();
    }

    @Test
    void aNewProfileHasNoConfigurationUntilConfigured() {
        try (Database database = Database.sqlite(dir)) {
            Services services = services(database, Clock.systemUTC());
            String arn = create(services);

            assertThat(services.configurations().get(SCOPE, arn)).isEqualTo(StoredInferenceConfig.NONE);
            assertThat(services.configurations().forCall(arn)).isEqualTo(StoredInferenceConfig.NONE);
        }
    }

    @Test
    void aConfigurationIsReadBackAsStoredOnSqlite() {
        try (Database database = Database.sqlite(dir)) {
            assertRoundTrip(database);
        }
    }

    @Test
    void aConfigurationIsReadBackAsStoredOnPostgresql() {
        try (Database database = PostgresNodes.connect(PostgresServer.shared().newDatabase())) {
            assertRoundTrip(database);
        }
    }

    private static void assertRoundTrip(Database database) {
        Services services = services(database, Clock.systemUTC());
        String arn = create(services);

        services.configurations().configure(SCOPE, arn, CAPPED);

        assertThat(services.configurations().get(SCOPE, arn)).isEqualTo(CAPPED);
        services.configurations().configure(SCOPE, arn, StoredInferenceConfig.NONE);
        assertThat(services.configurations().get(SCOPE, arn)).isEqualTo(StoredInferenceConfig.NONE);
    }

    @Test
    void theRuntimeSeesANewConfigurationAtOnceOnTheNodeThatWroteIt() {
        try (Database database = Database.sqlite(dir)) {
            Services services = services(database, Clock.systemUTC());
            String arn = create(services);
            assertThat(services.configurations().forCall(arn)).isEqualTo(StoredInferenceConfig.NONE);

            services.configurations().configure(SCOPE, arn, CAPPED);

            assertThat(services.configurations().forCall(arn)).isEqualTo(CAPPED);
        }
    }

    @Test
    void configuringAProfileSetsItsUpdateTime() {
        try (Database database = Database.sqlite(dir)) {
            Instant later = Instant.parse("2030-01-01T00:00:00Z");
            String arn = create(services(database, Clock.systemUTC()));

            services(database, Clock.fixed(later, ZoneOffset.UTC)).configurations().configure(SCOPE, arn, CAPPED);

            assertThat(services(database, Clock.systemUTC()).profiles().get(SCOPE, arn).updatedAt()).isEqualTo(later);
        }
    }

    @Test
    void aStoredDocumentThatNoLongerReadsRefusesTheCallInsteadOfDroppingItsLimits() {
        try (Database database = Database.sqlite(dir)) {
            Services services = services(database, Clock.systemUTC());
            String arn = create(services);
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            new JdbcProfileStore(database).storeConfiguration(SCOPE.accountId(), SCOPE.region(), id,
                    "{\"maxTokens\":{\"value\":0,\"mode\":\"limit\"}}", Instant.now());

            assertThatThrownBy(() -> services.configurations().forCall(arn))
                    .isInstanceOf(InternalServerException.class)
                    .hasMessageContaining("cannot be read; configure the profile again");
        }
    }

    @Test
    void aSystemDefinedProfileCannotBeConfigured() {
        try (Database database = Database.sqlite(dir)) {
            Services services = services(database, Clock.systemUTC());

            assertThatThrownBy(() -> services.configurations().configure(SCOPE, "us.anthropic.claude-3-haiku-20240307-v1:0",
                    CAPPED)).isInstanceOf(ValidationException.class).hasMessageContaining("is system-defined");
        }
    }

    @Test
    void aProfileThatDoesNotExistIsNotFound() {
        try (Database database = Database.sqlite(dir)) {
            Services services = services(database, Clock.systemUTC());

            assertThatThrownBy(() -> services.configurations().configure(SCOPE, "abcdefghij12", CAPPED))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessage("The inference profile abcdefghij12 was not found.");
            assertThatThrownBy(() -> services.configurations().get(SCOPE, "abcdefghij12"))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
