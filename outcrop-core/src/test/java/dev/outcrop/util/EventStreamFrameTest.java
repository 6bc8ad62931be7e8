package dev.outcrop.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventStreamFrameTest {
    private static final byte[] FRAME = EventStreamFrame.encode("{\"a\":1}".getBytes(StandardCharsets.UTF_8),
            ":event-type", "messageStart", ":message-type", "event");

    @Test
    void aFrameReadBackInPiecesGivesItsHeadersAndPayload() throws IOException {
        EventStreamFrame.Reader reader = new EventStreamFrame.Reader();
        reader.add(Arrays.copyOfRange(FRAME, 0, 5));
        assertThat(reader.next()).isNull();
        reader.add(Arrays.copyOfRange(FRAME, 5, FRAME.length));

        EventStreamFrame frame = reader.next();

        assertThat(frame.header(":event-type")).isEqualTo("messageStart");
        assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(reader.hasPartialFrame()).isFalse();
    }

    @Test
    void aFrameWhoseMessageCrcDoesNotMatchIsRefused() {
        byte[] corrupt = FRAME.clone();
        corrupt[corrupt.length - 6] ^= 1;

        assertThatThrownBy(() -> EventStreamFrame.decode(corrupt)).isInstanceOf(IOException.class)
                .hasMessageContaining("message CRC");
    }

    @Test
    void aLengthBeyondTheLargestFrameIsRefusedBeforeAnythingIsBuffered() {
        EventStreamFrame.Reader reader = new EventStreamFrame.Reader();
        reader.add(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
    }
}
