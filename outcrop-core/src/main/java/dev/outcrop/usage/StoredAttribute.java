package dev.outcrop.usage;

import java.util.Map;
import java.util.TreeMap;

/**
 * The call attributes a usage record keeps, each in a column of its own so that reports can group by it.
 * A stage that names something a call went through (a router, a prompt) adds its attribute to the call; adding
 * it here, with its column, is all it takes for every ledger (SQLite, PostgreSQL, a node's spool) to store it.
 * Attributes not listed here are seen by the {@link UsageObserver} but not stored.
 */
public enum StoredAttribute {
    /** The prompt router the caller named, as it named it. */
    PROMPT_ROUTER("promptRouter", "router_arn"),
    /** The model a prompt router invoked (a profile or foundation-model ARN). */
    INVOKED_MODEL("invokedModel", "invoked_model"),
    /** The Prompt management prompt version the call ran through. */
    PROMPT(UsageAccounting.Call.PROMPT_ARN, "prompt_arn"),
    /**
     * The foundation model a routed call's saving is measured against: the router's stronger model (absent on an
     * answer a cascade set aside, which always calling the stronger model would not have cost).
     */
    ROUTER_BASELINE("routerBaseline", "router_baseline_model"),
    /**
     * A cascading router's call: {@code cheaper} (the cheaper model's answer, returned), {@code superseded:CHECK}
     * (its answer, set aside for failing CHECK) or {@code escalated:CHECK} (the stronger model's answer after it).
     */
    ROUTER_CASCADE("routerCascade", "router_cascade"),
    /** The id an upstream Bedrock was called with: a foundation-model id, or a system inference profile id. */
    UPSTREAM_ID("upstreamId", "upstream_id"),
    /**
     * Which form {@link #UPSTREAM_ID} had: {@code foundation-model} (Bedrock serves the model on demand in the region
     * Outcrop chose) or {@code system-profile} (Bedrock routed the call within the source region's profile).
     */
    UPSTREAM_ID_FORM("upstreamIdForm", "upstream_id_form"),
    /** The region whose Bedrock endpoint was called (the serving region for a foundation-model id). */
    UPSTREAM_REGION("upstreamRegion", "upstream_region"),
    /** The region that served the call as the upstream said it, where it said (real Bedrock does not). */
    UPSTREAM_SERVED_REGION("upstreamServedRegion", "upstream_served_region");

    private final String key;
    private final String column;

    StoredAttribute(String key, String column) {
        this.key = key;
        this.column = column;
    }

    /** The attribute's key on the call. */
    public String key() {
        return key;
    }

    /** The {@code usage_record} column it is stored in. */
    public String column() {
        return column;
    }

    /** The stored attributes among {@code attributes}, the others left out. */
    public static Map<String, String> keptOf(Map<String, String> attributes) {
        Map<String, String> kept = new TreeMap<>();
        if (attributes != null) {
            for (StoredAttribute attribute : values()) {
                String value = attributes.get(attribute.key);
                if (value != null) {
                    kept.put(attribute.key, value);
                }
            }
        }
        return kept;
    }
}
