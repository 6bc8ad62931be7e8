package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A model served by a real backend in one or more regions (an entry of {@code deployments}; docs/providers.md).
 *
 * @param model the catalog's foundation-model id, e.g. {@code meta.llama3-1-8b-instruct-v1:0}
 * @param regions the regions this backend serves the model in
 * @param provider the kind of backend
 * @param url the API base URL, e.g. {@code http://127.0.0.1:8000/v1}
 * @param remoteModel the model's name on the backend
 * @param apiKeyEnv the environment variable holding the backend's bearer key, if it needs one
 * @param timeout the longest a call may take in all
 * @param firstByteTimeout the longest to wait for the first token
 * @param continueFinalMessage whether the server continues a trailing assistant message (vLLM: true)
 * @param maxConcurrency the most calls in flight at once in each region, 0 for no limit
 * @param tokensPerMinute the most tokens a minute in each region, 0 for no limit
 */
public record DeploymentConfig(String model, List<String> regions, Provider provider, String url, String remoteModel,
                               String apiKeyEnv, Duration timeout, Duration firstByteTimeout,
                               boolean continueFinalMessage, int maxConcurrency, long tokensPerMinute) {
    static final ConfigOption<String> MODEL = ConfigOption.text("model", null,
            "the catalog's foundation-model id, e.g. meta.llama3-1-8b-instruct-v1:0").documentedDefault("required");
    static final ConfigOption<List<String>> REGIONS = ConfigOption.<String>list("regions", "regions", List.of(),
            "the regions this backend serves the model in (each in the model's regions of the catalog)")
            .documentedDefault("required");
    static final ConfigOption<Provider> PROVIDER = ConfigOption.choice("provider", Provider.OPENAI,
            "openai: any OpenAI-compatible chat completions server; bedrock: Amazon Bedrock (see the bedrock "
                    + "section); simulator: the built-in simulator");
    static final ConfigOption<String> URL = ConfigOption.text("url", null,
            "the API base URL, e.g. http://127.0.0.1:8000/v1; for bedrock, an endpoint in place of the region's")
            .documentedDefault("required for openai");
    static final ConfigOption<String> REMOTE_MODEL = ConfigOption.text("remoteModel", null,
            "the model's name on the backend").documentedDefault("the model id (bedrock: the model id where Bedrock "
                    + "serves it on demand, else the region's system profile)");
    static final ConfigOption<String> API_KEY_ENV = ConfigOption.text("apiKeyEnv", null,
            "the environment variable holding the backend's bearer key, if it needs one (it must be set)");
    static final ConfigOption<Duration> TIMEOUT = ConfigOption.millis("timeoutMs", Duration.ofMinutes(5),
            "the longest a call may take in all");
    static final ConfigOption<Duration> FIRST_BYTE_TIMEOUT = ConfigOption.millis("firstByteTimeoutMs",
            Duration.ofSeconds(30), "the longest to wait for the first token");
    static final ConfigOption<Boolean> CONTINUE_FINAL_MESSAGE = ConfigOption.flag("continueFinalMessage", false,
            "whether the server continues a trailing assistant message (vLLM: true)");
    static final ConfigOption<Integer> MAX_CONCURRENCY = ConfigOption.integer("maxConcurrency", 0,
            "the most calls in flight at once in each region; 0 = no limit");
    static final ConfigOption<Long> TOKENS_PER_MINUTE = ConfigOption.longInteger("tokensPerMinute", 0,
            "the most tokens a minute in each region; 0 = no limit");
    static final ConfigSection SECTION = new ConfigSection("deployments[]", DeploymentConfig.class, List.of(MODEL,
            REGIONS, PROVIDER, URL, REMOTE_MODEL, API_KEY_ENV, TIMEOUT, FIRST_BYTE_TIMEOUT, CONTINUE_FINAL_MESSAGE,
            MAX_CONCURRENCY, TOKENS_PER_MINUTE));

    /** The kind of backend. */
    public enum Provider implements ConfigChoice {
        /** Any OpenAI-compatible chat completions server. */
        OPENAI("openai"),
        /** Amazon Bedrock's runtime API. */
        BEDROCK("bedrock"),
        /** The built-in simulator. */
        SIMULATOR("simulator");

        private final String configName;

        Provider(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public DeploymentConfig(@JsonProperty("model") String model, @JsonProperty("regions") List<String> regions,
                            @JsonProperty("provider") Provider provider, @JsonProperty("url") String url,
                            @JsonProperty("remoteModel") String remoteModel, @JsonProperty("apiKeyEnv") String apiKeyEnv,
                            @JsonProperty("timeoutMs") Integer timeoutMs,
                            @JsonProperty("firstByteTimeoutMs") Integer firstByteTimeoutMs,
                            @JsonProperty("continueFinalMessage") Boolean continueFinalMessage,
                            @JsonProperty("maxConcurrency") Integer maxConcurrency,
                            @JsonProperty("tokensPerMinute") Long tokensPerMinute) {
        this(MODEL.or(model), List.copyOf(REGIONS.or(regions)), PROVIDER.or(provider), URL.or(url),
                remoteModel != null ? remoteModel : model, API_KEY_ENV.or(apiKeyEnv),
                TIMEOUT.orMillis(timeoutMs == null ? null : timeoutMs.longValue()),
                FIRST_BYTE_TIMEOUT.orMillis(firstByteTimeoutMs == null ? null : firstByteTimeoutMs.longValue()),
                CONTINUE_FINAL_MESSAGE.or(continueFinalMessage), MAX_CONCURRENCY.or(maxConcurrency),
                TOKENS_PER_MINUTE.or(tokensPerMinute));
    }

    /** Whether the backend is an OpenAI-compatible server (with a URL). */
    public boolean openAi() {
        return provider == Provider.OPENAI;
    }

    /** Whether the backend is Amazon Bedrock. */
    public boolean bedrock() {
        return provider == Provider.BEDROCK;
    }

    /** Checks this entry, the {@code index}th of the list; {@code env} must hold its {@code apiKeyEnv}. */
    void validate(int index, Map<String, String> env, List<String> errors) {
        String path = "deployments[" + index + "].";
        if (maxConcurrency < 0 || tokensPerMinute < 0) {
            errors.add(path + "maxConcurrency/tokensPerMinute: must be 0 (no limit) or more");
        }
        if (model == null || model.isBlank()) {
            errors.add(path + "model: missing (expected: a foundation-model id of the catalog)");
        }
        if (regions.isEmpty()) {
            errors.add(path + "regions: missing (expected: the regions this backend serves the model in)");
        }
        for (String region : regions) {
            if (region == null || !AccountConfig.REGION.matcher(region).matches()) {
                errors.add(path + "regions: '" + region + "' (expected: a region name such as us-east-1)");
            }
        }
        if ((openAi() || url != null) && (url == null || !url.matches("^https?://[^\\s/]+.*$"))) {
            errors.add(path + "url: " + (url == null ? "missing" : "'" + url + "'")
                    + " (expected: an http(s) URL such as http://127.0.0.1:8000/v1)");
        }
        if (!timeout.isPositive() || !firstByteTimeout.isPositive()) {
            errors.add(path + "timeoutMs/firstByteTimeoutMs: must be 1 or more");
        }
        if (apiKeyEnv != null && env.get(apiKeyEnv) == null) {
            errors.add(path + "apiKeyEnv: the environment variable " + apiKeyEnv + " is not set");
        }
    }
}
