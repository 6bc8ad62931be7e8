package dev.outcrop.server;

/** Carries out one Bedrock operation. Throws a {@link dev.outcrop.error.BedrockException} for errors. */
@FunctionalInterface
public interface OperationHandler {
    /** Handles a bound, validated call. */
    Reply handle(OperationCall call);
}
