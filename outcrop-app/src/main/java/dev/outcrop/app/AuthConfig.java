package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How callers are authenticated ({@code auth}).
 *
 * @param mode SigV4 or a Bedrock API key on every request, or none (anonymous, local development only)
 */
public record AuthConfig(Mode mode) {
    static final ConfigOption<Mode> MODE = ConfigOption.choice("mode", Mode.SIGV4,
            "sigv4: SigV4 or a Bedrock API key on every request; none: anonymous, local development only (--dev)");
    static final ConfigSection SECTION = new ConfigSection("auth", AuthConfig.class, List.of(MODE));
    static final AuthConfig DEFAULT = new AuthConfig(null);
    /** No authentication: {@code --dev}. */
    static final AuthConfig ANONYMOUS = new AuthConfig(Mode.NONE);

    /** How callers are authenticated. */
    public enum Mode implements ConfigChoice {
        SIGV4("sigv4"), NONE("none");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Fills an absent mode with its default. */
    @JsonCreator
    public AuthConfig(@JsonProperty("mode") Mode mode) {
        this.mode = MODE.or(mode);
    }

    /** Whether every request is anonymous. */
    public boolean anonymous() {
        return mode == Mode.NONE;
    }
}
