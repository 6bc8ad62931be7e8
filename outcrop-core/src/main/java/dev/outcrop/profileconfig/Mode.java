package dev.outcrop.profileconfig;

import java.util.Locale;
import java.util.Optional;

/** How a profile's value of one parameter meets the value a request sends. */
public enum Mode {
    /** The value of a request that sends none; a request may send any other. */
    DEFAULT,
    /**
     * The largest value a request may send (numbers only); it is also the value of a request that sends none,
     * so that the backend's own default can never exceed it.
     */
    LIMIT,
    /** The only value: a request that sends none gets it, one that sends another is refused. */
    FIXED;

    /** The name in JSON and on the command line: {@code default}, {@code limit}, {@code fixed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of a wire name, exactly as {@link #wire()} writes it. */
    public static Optional<Mode> ofWire(String name) {
        for (Mode mode : values()) {
            if (mode.wire().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
