package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * A foundation model deployed in a region: which provider serves it, where, and under what name.
 *
 * @param modelId the Bedrock foundation-model id
 * @param region the region it serves
 * @param provider the provider name ({@code simulator}, {@code openai})
 * @param endpoint the backend's base URL, or null for the simulator
 * @param remoteModel the model's name on the backend
 * @param timeout the longest a call may take in all
 * @param firstByteTimeout the longest to wait for the first token
 */
public record Deployment(String modelId, String region, String provider, URI endpoint, String remoteModel,
                         Duration timeout, Duration firstByteTimeout) {
    /** Checks the members. */
    public Deployment {
        requireNonNull(modelId, "modelId");
        requireNonNull(region, "region");
        requireNonNull(provider, "provider");
        requireNonNull(remoteModel, "remoteModel");
        requireNonNull(timeout, "timeout");
        requireNonNull(firstByteTimeout, "firstByteTimeout");
    }

    /** {@code modelId@region}, for logs and metrics. */
    public String key() {
        return modelId + "@" + region;
    }
}
