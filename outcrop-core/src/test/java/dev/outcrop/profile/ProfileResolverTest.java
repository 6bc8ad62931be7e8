package dev.outcrop.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.tag.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ProfileResolverTest {
    private static final RequestScope SCOPE = new RequestScope("aws", "123456789012", "us-east-1");
    private static final String HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

    private final Catalog catalog = CatalogLoader.builtIn();
    private final MapStore store = new MapStore();
    private final ChangeFeed changes = new ChangeFeed();
    private final InferenceProfileService controlPlane = new InferenceProfileService(catalog, store, Clock.systemUTC(), changes);
    private final ProfileResolver resolver = new ProfileResolver(catalog, store, changes);

    @Test
    void aProfileDeletedThroughTheControlPlaneIsNoLongerResolved() {
        String arn = controlPlane.create(SCOPE, "team", null, HAIKU, null, List.of()).inferenceProfileArn();
        assertThat(resolver.resolveApplication(SCOPE, arn)).isPresent(); // now cached

        controlPlane.delete(SCOPE, arn);

        assertThat(resolver.resolveApplication(SCOPE, arn)).isEmpty();
    }

    @Test
    void aProfileCreatedAfterItWasAskedForIsResolvedAtOnce() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghijkl";
        assertThat(resolver.resolveApplication(SCOPE, arn)).isEmpty();

        store.insert(new ApplicationProfile("abcdefghijkl", "123456789012", "us-east-1", "late", null, HAIKU, List.of(HAIKU),
                Instant.EPOCH, Instant.EPOCH, null, "", 1), List.of(), arn);

        assertThat(resolver.resolveApplication(SCOPE, arn)).isPresent();
    }

    @Test
    void anArnOfAnotherAccountResolvesNothing() {
        String arn = controlPlane.create(SCOPE, "team", null, HAIKU, null, List.of()).inferenceProfileArn();

        assertThat(resolver.resolveApplication(SCOPE, arn.replace("123456789012", "210987654321"))).isEmpty();
    }

    /** The store as a map: only what the resolver and the control plane's create and delete use. */
    private static final class MapStore implements ProfileStore {
        private final Map<String, ApplicationProfile> profiles = new ConcurrentHashMap<>();

        @Override
        public InsertResult<ApplicationProfile> insert(ApplicationProfile profile, List<Tag> tags, String resourceArn) {
            profiles.put(profile.id(), profile);
            return new InsertResult.Inserted<>(profile);
        }

        @Override
        public Optional<ApplicationProfile> find(String accountId, String region, String id) {
            return Optional.ofNullable(profiles.get(id))
                    .filter(p -> p.accountId().equals(accountId) && p.region().equals(region));
        }

        @Override
        public Optional<ApplicationProfile> findByToken(String accountId, String region, String clientRequestToken) {
            return Optional.empty();
        }

        @Override
        public List<ApplicationProfile> list(String accountId, String region, long afterSequence, int limit) {
            return List.copyOf(profiles.values());
        }

        @Override
        public boolean delete(String accountId, String region, String id, String resourceArn) {
            return profiles.remove(id) != null;
        }
    }
}
