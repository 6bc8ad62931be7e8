package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One runtime call, successful or not, as the ledger keeps it.
 *
 * @param time when the call ended
 * @param requestId the {@code x-amzn-RequestId} the caller got
 * @param principal the caller's principal name
 * @param operation {@code Converse}, {@code InvokeModel}, ...
 * @param modelIdCalled the {@code modelId} exactly as the caller gave it
 * @param targetArn the ARN of what it named (model or profile)
 * @param applicationProfileArn the application profile, or null
 * @param foundationModel the foundation model that answered
 * @param sourceRegion the region the caller addressed
 * @param servedRegions the regions that generated the answer (two when a stream was continued); empty if none
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens
 * @param cacheReadTokens prompt tokens read from a cache
 * @param cacheWriteTokens prompt tokens written to a cache
 * @param latencyMillis the call's duration
 * @param firstTokenMillis time to the first token, or -1
 * @param outcome {@code Success}, or the error type the caller got
 * @param costMicros cost in millionths of a US dollar, priced at the served region
 * @param tags the application profile's tags when the call was made
 * @param requestMetadata the caller's {@code requestMetadata} pairs (Converse, ConverseStream); empty if none
 * @param attributes what the runtime's stages named about the call (see {@link StoredAttribute}); empty if none
 */
public record UsageRecord(Instant time, String requestId, String principal, String operation, String modelIdCalled,
                          String targetArn, String applicationProfileArn, String foundationModel, String sourceRegion,
                          List<String> servedRegions, long inputTokens, long outputTokens, long cacheReadTokens,
                          long cacheWriteTokens, long latencyMillis, long firstTokenMillis, String outcome,
                          long costMicros, Map<String, String> tags, Map<String, String> requestMetadata,
                          Map<String, String> attributes) {
    /** Checks the members and copies the collections. */
    public UsageRecord {
        requireNonNull(time, "time");
        requireNonNull(requestId, "requestId");
        requireNonNull(principal, "principal");
        requireNonNull(operation, "operation");
        requireNonNull(modelIdCalled, "modelIdCalled");
        requireNonNull(outcome, "outcome");
        servedRegions = List.copyOf(servedRegions);
        tags = Map.copyOf(tags);
        requestMetadata = requestMetadata == null ? Map.of() : Map.copyOf(requestMetadata);
        attributes = Map.copyOf(StoredAttribute.keptOf(attributes));
    }

    /** A record of a call whose stages named nothing about it. */
    public UsageRecord(Instant time, String requestId, String principal, String operation, String modelIdCalled,
                       String targetArn, String applicationProfileArn, String foundationModel, String sourceRegion,
                       List<String> servedRegions, long inputTokens, long outputTokens, long cacheReadTokens,
                       long cacheWriteTokens, long latencyMillis, long firstTokenMillis, String outcome,
                       long costMicros, Map<String, String> tags, Map<String, String> requestMetadata) {
        this(time, requestId, principal, operation, modelIdCalled, targetArn, applicationProfileArn, foundationModel,
                sourceRegion, servedRegions, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, latencyMillis,
                firstTokenMillis, outcome, costMicros, tags, requestMetadata, Map.of());
    }

    /** The Prompt management prompt version the call ran through, or null. */
    public String promptArn() {
        return attribute(StoredAttribute.PROMPT);
    }

    /** The value of a stored attribute, or null. */
    public String attribute(StoredAttribute attribute) {
        return attributes.get(attribute.key());
    }


    /** A record of a call without request metadata. */
    public UsageRecord(Instant time, String requestId, String principal, String operation, String modelIdCalled,
                       String targetArn, String applicationProfileArn, String foundationModel, String sourceRegion,
                       List<String> servedRegions, long inputTokens, long outputTokens, long cacheReadTokens,
                       long cacheWriteTokens, long latencyMillis, long firstTokenMillis, String outcome,
                       long costMicros, Map<String, String> tags) {
        this(time, requestId, principal, operation, modelIdCalled, targetArn, applicationProfileArn, foundationModel,
                sourceRegion, servedRegions, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, latencyMillis,
                firstTokenMillis, outcome, costMicros, tags, Map.of());
    }

    /** The outcome of a call that succeeded. */
    public static final String SUCCESS = "Success";
}
