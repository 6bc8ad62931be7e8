package dev.outcrop.app;

import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;

/**
 * The options of every command that opens the configured database: {@code --config}, {@code --data-dir},
 * {@code --store}, and {@code --region} where the command takes one. The file is read first and the other two
 * override it, whatever their order on the command line.
 */
final class StoreOptions {
    private final boolean takesRegion;
    private Path configFile;
    private Path dataDir;
    private String storeUrl;
    private String region;

    private StoreOptions(boolean takesRegion) {
        this.takesRegion = takesRegion;
    }

    /** {@code --config}, {@code --data-dir}, {@code --store}. */
    static StoreOptions store() {
        return new StoreOptions(false);
    }

    /** {@code --config}, {@code --data-dir}, {@code --store} and {@code --region}. */
    static StoreOptions withRegion() {
        return new StoreOptions(true);
    }

    /** Takes {@code option}'s value from {@code args} if it is one of these options; false if it is not. */
    boolean accept(String option, Deque<String> args) {
        switch (option) {
            case "--config" -> configFile = Path.of(Main.value(option, args));
            case "--data-dir" -> dataDir = Path.of(Main.value(option, args));
            case "--store" -> storeUrl = Main.value(option, args);
            case "--region" -> {
                if (!takesRegion) {
                    return false;
                }
                region = Main.value(option, args);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The {@code --region} given, or null. */
    String region() {
        return region;
    }

    /** The configuration file given (or the defaults) with {@code --data-dir} and {@code --store} applied. */
    OutcropConfig config(Map<String, String> env) {
        OutcropConfig config = configFile != null ? ConfigLoader.load(configFile, env) : OutcropConfig.defaults();
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        if (storeUrl != null) {
            config = config.withStoreUrl(storeUrl);
        }
        return config;
    }
}
