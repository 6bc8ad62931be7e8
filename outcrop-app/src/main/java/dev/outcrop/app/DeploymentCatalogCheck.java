package dev.outcrop.app;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of the {@code deployments} section against the catalog: each model is a foundation model of
 * the catalog, runs in each region named, and has one deployment at most in each region.
 */
final class DeploymentCatalogCheck {
    private DeploymentCatalogCheck() {}

    /** Every problem, with its path; empty when there is none. */
    static List<String> errors(List<DeploymentConfig> deployments, Catalog catalog) {
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < deployments.size(); i++) {
            DeploymentConfig d = deployments.get(i);
            if (d.model() == null || d.model().isBlank()) {
                continue; // reported as missing
            }
            FoundationModel model = catalog.model(d.model()).orElse(null);
            if (model == null) {
                errors.add("deployments[" + i + "].model: '" + d.model() + "' is not a foundation model of the catalog");
                continue;
            }
            for (String region : d.regions()) {
                if (!model.availableIn(region)) {
                    errors.add("deployments[" + i + "].regions: " + d.model() + " does not run in " + region
                            + " in the catalog (it runs in " + String.join(", ", model.regions().stream().sorted().toList()) + ")");
                } else if (!seen.add(d.model() + "@" + region)) {
                    errors.add("deployments[" + i + "].regions: two deployments of " + d.model() + "@" + region);
                }
            }
        }
        return errors;
    }
}
