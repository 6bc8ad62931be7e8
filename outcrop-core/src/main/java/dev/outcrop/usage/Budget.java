package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A spending limit on a tag value, a profile or a principal, per UTC day or month.
 *
 * @param name the budget's name
 * @param selector which calls it counts
 * @param period daily or monthly
 * @param limitMicros the limit in millionths of a US dollar
 * @param thresholds fractions of the limit (0..1) at which to notify, e.g. 0.5, 0.8
 * @param webhook where notifications are POSTed, or null (they are logged either way)
 */
public record Budget(String name, Selector selector, Period period, long limitMicros, List<Double> thresholds,
                     URI webhook) {
    /** Checks the members. */
    public Budget {
        requireNonNull(name, "name");
        requireNonNull(selector, "selector");
        requireNonNull(period, "period");
        thresholds = List.copyOf(thresholds);
    }

    /** Budget periods, in UTC. */
    public enum Period {
        /** A calendar day. */
        DAILY,
        /** A calendar month. */
        MONTHLY;

        /** The start of the period that contains {@code now}. */
        public Instant start(Instant now) {
            LocalDate day = now.atOffset(ZoneOffset.UTC).toLocalDate();
            return (this == DAILY ? day : day.withDayOfMonth(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /** The end (exclusive) of the period that contains {@code now}. */
        public Instant end(Instant now) {
            LocalDate start = start(now).atOffset(ZoneOffset.UTC).toLocalDate();
            return (this == DAILY ? start.plusDays(1) : start.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }
}
