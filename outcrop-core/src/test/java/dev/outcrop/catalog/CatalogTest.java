package dev.outcrop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants of the built-in catalog over all of it. */
class CatalogTest {
    private final Catalog catalog = CatalogLoader.builtIn();

    @Test
    void everySystemProfileOfTheReferenceIsLoaded() {
        assertThat(catalog.systemProfiles()).hasSize(105);
        assertThat(catalog.defaultPromptRouters()).extracting(DefaultPromptRouter::id)
                .containsExactly("anthropic.claude:1", "meta.llama:1", "amazon.nova:1");
    }

    @Test
    void everyDestinationOfEveryProfileRunsTheProfilesModel() {
        for (SystemProfile profile : catalog.systemProfiles()) {
            FoundationModel model = catalog.model(profile.modelId()).orElseThrow();
            profile.routes().forEach((source, destinations) -> assertThat(destinations)
                    .as("%s from %s", profile.id(), source)
                    .isNotEmpty()
                    .allSatisfy(region -> assertThat(model.availableIn(region)).as(region).isTrue()));
        }
    }

    /** The reference routes a geo profile to its geography, and to the source region itself (US profiles from Canada). */
    @Test
    void aGeoProfileNeverRoutesOutsideItsGeographyAndItsSource() {
        for (SystemProfile profile : catalog.systemProfiles()) {
            if (profile.global()) {
                profile.routes().values().forEach(d -> assertThat(d).noneMatch(r -> r.startsWith("us-gov-")));
                continue;
            }
            List<String> prefixes = switch (profile.geo()) {
                case "us" -> List.of("us-east-", "us-west-");
                case "us-gov" -> List.of("us-gov-");
                case "eu" -> List.of("eu-");
                case "apac" -> List.of("ap-");
                case "au" -> List.of("ap-southeast-2", "ap-southeast-4");
                case "jp" -> List.of("ap-northeast-1", "ap-northeast-3");
                case "ca" -> List.of("ca-");
                default -> throw new AssertionError("unknown geo " + profile.geo());
            };
            profile.routes().forEach((source, destinations) -> assertThat(destinations)
                    .as("%s from %s", profile.id(), source)
                    .allSatisfy(r -> assertThat(r.equals(source) || prefixes.stream().anyMatch(r::startsWith))
                            .as(r).isTrue()));
        }
    }

    @Test
    void destinationsDependOnTheSourceRegionAsTheReferenceGivesThem() {
        SystemProfile haiku = catalog.systemProfile("us.anthropic.claude-3-haiku-20240307-v1:0").orElseThrow();

        assertThat(haiku.destinations("us-east-2")).hasValue(List.of("us-east-1", "us-west-2", "us-east-2"));
        assertThat(haiku.destinations("us-west-2")).hasValueSatisfying(d -> assertThat(d).hasSize(2));
        assertThat(haiku.offeredIn("eu-west-1")).isFalse();
    }
}
