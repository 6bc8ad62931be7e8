package dev.outcrop.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void aRepeatedMemberIsNamedByItsPointerWhateverItsValue() {
        assertRepeatedAt("{\"a\":1,\"a\":2}", "/a");
        assertRepeatedAt("{\"a\":{},\"a\":2}", "/a");
        assertRepeatedAt("{\"a\":1,\"a\":{\"b\":1}}", "/a");
        assertRepeatedAt("{\"a\":[1],\"a\":[2]}", "/a");
        assertRepeatedAt("{\"m\":[{\"x\":1},{\"y\":1,\"y\":2}]}", "/m/1/y");
        assertRepeatedAt("{\"m\":[{\"x\":1},{\"y\":{\"z\":1},\"y\":{}}]}", "/m/1/y");
        assertRepeatedAt("{\"a\":1,\"b\":2,\"c\":3,\"d\":{\"e\":[[{\"f\":1,\"f\":null}]]}}", "/d/e/0/0/f");
        assertRepeatedAt("{\"a\":1,\"b\":2,\"c\":3,\"a\":[]}", "/a");
        assertRepeatedAt("{\"a/b\":1,\"a/b\":2}", "/a~1b");
    }

    @Test
    void theViolationNamesTheDottedPath() {
        assertThatThrownBy(() -> Json.readStrict(bytes("{\"inferenceConfig\":{\"maxTokens\":1,\"maxTokens\":2}}")))
                .isInstanceOfSatisfying(Json.RepeatedMember.class, e -> assertThat(e.violation()).isEqualTo(
                        "Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must appear only once"));
    }

    @Test
    void oneValueIsRead() throws IOException {
        assertThat(Json.readStrict(bytes("{\"a\":{\"b\":[1,2]},\"c\":\"d\"}")).at("/a/b/1").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> Json.readStrict(bytes("{\"a\":1} {\"b\":2}")))
                .isInstanceOf(IOException.class).isNotInstanceOf(Json.RepeatedMember.class);
        assertThatThrownBy(() -> Json.readStrict(bytes("{\"a\":1,\"b\":")))
                .isInstanceOf(IOException.class).isNotInstanceOf(Json.RepeatedMember.class);
    }

    private static void assertRepeatedAt(String body, String pointer) {
        assertThatThrownBy(() -> Json.readStrict(bytes(body))).as(body)
                .isInstanceOfSatisfying(Json.RepeatedMember.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
