package dev.outcrop.server.edge;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Dates every answer: the SDKs correct their clock skew from it, so it is taken when the answer is written. */
final class DateHeader implements EdgeDecorator {
    private static volatile long cachedSecond = -1;
    private static volatile String cachedValue = "";

    @Override
    public void handle(Exchange exchange, Next next) {
        exchange.header("Date", DateHeader::now);
        next.handle(exchange);
    }

    @Override
    public boolean admit(Exchange exchange, Next next) {
        exchange.header("Date", DateHeader::now);
        return next.admit(exchange);
    }

    /** RFC 1123, formatted once a second rather than once an answer. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        if (second != cachedSecond) {
            cachedValue = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC));
            cachedSecond = second;
        }
        return cachedValue;
    }
}
