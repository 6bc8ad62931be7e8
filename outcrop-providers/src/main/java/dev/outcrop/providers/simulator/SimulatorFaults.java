package dev.outcrop.providers.simulator;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The faults in force, by region; changed at run time (admin API, tests) and read on every call. */
public final class SimulatorFaults {
    private final Map<String, Fault> byRegion = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Creates an empty set of faults. */
    public SimulatorFaults(Clock clock) {
        this.clock = clock;
    }

    /** Injects {@code fault} into every simulated deployment of {@code region}, replacing any other. */
    public void set(String region, Fault fault) {
        byRegion.put(region, fault);
    }

    /** Clears the fault of {@code region}. */
    public void clear(String region) {
        byRegion.remove(region);
    }

    /** Clears every fault. */
    public void clearAll() {
        byRegion.clear();
    }

    /** The fault in force in {@code region} now, if any. */
    public Optional<Fault> active(String region) {
        Fault fault = byRegion.get(region);
        if (fault == null) {
            return Optional.empty();
        }
        if (!fault.activeAt(clock.instant())) {
            byRegion.remove(region, fault);
            return Optional.empty();
        }
        return Optional.of(fault);
    }

    /** Every fault in force, by region. */
    public Map<String, Fault> all() {
        byRegion.values().removeIf(f -> !f.activeAt(clock.instant()));
        return Map.copyOf(byRegion);
    }
}
