package dev.outcrop.server.smithy;

import java.util.List;

/**
 * An operation with its {@code @http} binding.
 *
 * @param name e.g. {@code ListInferenceProfiles}
 * @param method HTTP method
 * @param uri the URI template, e.g. {@code /inference-profiles/{inferenceProfileIdentifier}}
 * @param successCode the status of a successful answer
 * @param input the input structure's shape id
 * @param output the output structure's shape id
 * @param segments the URI template split at {@code /}
 */
public record Operation(String name, String method, String uri, int successCode, String input, String output,
                        List<String> segments) {
    /** Copies the list. */
    public Operation {
        segments = List.copyOf(segments);
    }
}
