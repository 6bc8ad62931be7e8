package dev.outcrop.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EventStreamEncoderTest {
    /** The vector of the wire digest, verified with botocore's EventStreamBuffer. */
    @Test
    void aMessageStartFrameMatchesTheGoldenVector() {
        byte[] frame = EventStreamEncoder.frame("{\"p\":\"abcd\",\"role\":\"assistant\"}".getBytes(StandardCharsets.UTF_8),
                ":event-type", "messageStart", ":content-type", "application/json", ":message-type", "event");

        assertThat(HexFormat.of().formatHex(frame)).isEqualTo(("00000081000000526cc176930b3a6576"
                + "656e742d74797065070 00c6d657373"
                + "6167655374617274 0d3a636f6e74656e74"
                + "2d74797065070010 6170706c69636174"
                + "696f6e2f6a736f6e 0d3a6d6573736167"
                + "652d747970650700 056576656e747b22"
                + "70223a2261626364 222c22726f6c6522"
                + "3a22617373697374 616e74227df512a0"
                + "05").replace(" ", ""));
    }

    @Test
    void anExceptionFrameCarriesTheLowerCamelMemberName() {
        byte[] frame = EventStreamEncoder.exception(new dev.outcrop.error.ThrottlingException("slow down"));
        String text = new String(frame, StandardCharsets.ISO_8859_1);

        assertThat(text).contains(":exception-type").contains("throttlingException").contains(":message-type")
                .contains("exception").contains("{\"message\":\"slow down\"}");
    }
}
