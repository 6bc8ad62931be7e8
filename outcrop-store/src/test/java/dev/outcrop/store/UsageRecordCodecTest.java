package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.usage.UsageRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage records as the journal's bytes. */
class UsageRecordCodecTest {
    private static byte[] bytes(UsageRecord record) {
        UsageRecordCodec.Output out = new UsageRecordCodec.Output();
        UsageRecordCodec.encode(record, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    @Test
    void everyFieldComesBackAsItWasWrittenNullsAndNonAsciiTextIncluded() {
        UsageRecord full = new UsageRecord(Instant.ofEpochSecond(1_780_000_000L, 123_456_789), "req-ü-1", "arn:aws:iam::1:user/zoë",
                "ConverseStream", "arn:aws:bedrock:us-east-1:1:application-inference-profile/abc",
                "arn:aws:bedrock:us-east-1:1:application-inference-profile/abc",
                "arn:aws:bedrock:us-east-1:1:application-inference-profile/abc", "anthropic.claude-3-haiku-20240307-v1:0",
                "us-east-1", List.of("us-east-1", "us-west-2"), 1, Long.MAX_VALUE, 3, 4, 5, 6, "ModelStreamErrorException",
                -7, Map.of("team", "search", "Kostenstelle", "größe ✓"));
        UsageRecord sparse = new UsageRecord(Instant.EPOCH, "r", "p", "Converse", "m", null, null, null, null, List.of(),
                0, 0, 0, 0, 0, 0, UsageRecord.SUCCESS, 0, Map.of());

        assertThat(UsageRecordCodec.decode(ByteBuffer.wrap(bytes(full)))).isEqualTo(full);
        assertThat(UsageRecordCodec.decode(ByteBuffer.wrap(bytes(sparse)))).isEqualTo(sparse);
    }

    @Test
    void aTruncatedRecordIsRefusedNotReadShort() {
        byte[] whole = bytes(ForwardingLedgerTest.record("cut"));
        for (int length : new int[] {0, 1, 9, whole.length / 2, whole.length - 1}) {
            assertThatThrownBy(() -> UsageRecordCodec.decode(ByteBuffer.wrap(Arrays.copyOf(whole, length))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> UsageRecordCodec.decode(ByteBuffer.wrap(longer))).isInstanceOf(IllegalArgumentException.class);
    }
}
