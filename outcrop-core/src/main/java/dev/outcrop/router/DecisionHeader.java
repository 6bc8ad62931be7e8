package dev.outcrop.router;

/**
 * When a routed call's answer carries its decision in the {@code x-outcrop-router-decision} header: the chosen
 * model, why, each model's predicted score and each feature's contribution (never the request's text).
 */
public enum DecisionHeader {
    /** Never. */
    NEVER,
    /** When the caller sends {@code x-outcrop-router-debug: decision}. */
    ON_REQUEST,
    /** On every routed call. */
    ALWAYS
}
