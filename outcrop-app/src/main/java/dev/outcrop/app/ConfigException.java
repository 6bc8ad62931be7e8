package dev.outcrop.app;

import java.util.List;

/** The configuration is unusable; the message names each bad key by its path. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** Creates the exception for one or more problems, one per line. */
    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, each with its path. */
    public List<String> problems() {
        return problems;
    }
}
