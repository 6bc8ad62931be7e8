package dev.outcrop.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A default (AWS-managed) prompt router of the catalog, e.g. {@code anthropic.claude:1}.
 *
 * @param id the router id in its ARN ({@code default-prompt-router/{id}})
 * @param name display name
 * @param modelIds the two foundation models it chooses between, cheaper first
 */
public record DefaultPromptRouter(String id, String name, List<String> modelIds) {

    /** Copies the list and checks the required members. */
    public DefaultPromptRouter {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        modelIds = List.copyOf(modelIds);
    }
}
