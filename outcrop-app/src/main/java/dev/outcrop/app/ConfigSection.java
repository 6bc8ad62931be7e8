package dev.outcrop.app;

import java.util.List;

/**
 * A section of the configuration file: where it is ({@code server.limits}; {@code deployments[]} for each entry of
 * a list), the record that reads it, and its options. {@link OutcropConfig#SECTIONS} lists every section, and
 * docs/configuration.md's table is checked against them.
 */
public record ConfigSection(String path, Class<? extends Record> type, List<ConfigOption<?>> options) {
    public ConfigSection {
        options = List.copyOf(options);
    }
}
