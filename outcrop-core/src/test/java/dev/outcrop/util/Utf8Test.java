package dev.outcrop.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void theLengthIsTheNumberOfBytesOfTheEncoding() {
        for (String text : new String[] {"", "abc", "é", "€uro", "😀x", "日本語"}) {
            assertThat(Utf8.length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void anUnpairedSurrogateCountsAsItsReplacement() {
        assertThat(Utf8.length("\uD83D")).isEqualTo("\uD83D".getBytes(StandardCharsets.UTF_8).length * 1L);
    }
}
