package dev.outcrop.app;

import dev.outcrop.router.BuiltInQualityPredictor;
import dev.outcrop.router.HttpQualityPredictor;
import dev.outcrop.router.QualityPredictor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Chooses the quality predictor prompt routers decide with: the built-in one, or an external scoring service when
 * {@value #URL_ENV} names one ({@value #TIMEOUT_ENV} bounds each question, default {@value #DEFAULT_TIMEOUT_MS} ms).
 */
final class RouterWiring {
    /** The URL of an external scoring service (docs/prompt-routers.md has its contract). */
    static final String URL_ENV = "OUTCROP_ROUTER_PREDICTOR_URL";
    /** How long a question to the scoring service may take, in milliseconds. */
    static final String TIMEOUT_ENV = "OUTCROP_ROUTER_PREDICTOR_TIMEOUT_MS";
    static final int DEFAULT_TIMEOUT_MS = 300;

    private RouterWiring() {}

    static QualityPredictor predictor(Map<String, String> env) {
        String url = env.get(URL_ENV);
        if (url == null || url.isBlank()) {
            return BuiltInQualityPredictor.withShippedWeights();
        }
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new ConfigException(java.util.List.of(URL_ENV + ": must be an http(s) URL, got '" + url + "'"));
        }
        int timeout = DEFAULT_TIMEOUT_MS;
        String text = env.get(TIMEOUT_ENV);
        if (text != null) {
            try {
                timeout = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 1 || timeout > 60_000) {
                throw new ConfigException(java.util.List.of(TIMEOUT_ENV + ": must be 1..60000 milliseconds, got '" + text + "'"));
            }
        }
        return new HttpQualityPredictor(uri, Duration.ofMillis(timeout));
    }
}
