package dev.outcrop.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.tag.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotentCreateTest {

    @Test
    void aFingerprintIsTheDigestOfTheMembersAndTheTagsByKeyAsStoredBefore() throws Exception {
        // The digest stored with every resource created so far: a retry of an old request must still match it.
        String text = "name\0null\0arn:aws:bedrock:us-east-1::foundation-model/m\0a=1\0b=2";
        String stored = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(IdempotentCreate.fingerprint(List.of(new Tag("b", "2"), new Tag("a", "1")), "name", null,
                "arn:aws:bedrock:us-east-1::foundation-model/m")).isEqualTo(stored);
    }

    @Test
    void aDoubleMemberIsWrittenAsJavaWritesIt() throws Exception {
        String text = "r\0x,y\0" + 12.5;
        String stored = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(IdempotentCreate.fingerprint(List.of(), "r", "x,y", 12.5)).isEqualTo(stored);
    }
}
