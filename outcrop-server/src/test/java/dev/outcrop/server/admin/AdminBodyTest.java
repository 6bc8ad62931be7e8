package dev.outcrop.server.admin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdminBodyTest {

    private static AdminBody parse(String body, String... members) {
        return AdminBody.parse(body.getBytes(StandardCharsets.UTF_8), members);
    }

    @Test
    void aRepeatedMemberIsAValidationExceptionNamingTheMember() {
        assertThatThrownBy(() -> parse("{\"status\":\"Inactive\",\"status\":\"Active\"}", "status"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("1 validation error detected: Value at 'status' failed to satisfy constraint: Member must "
                        + "appear only once");
    }

    @Test
    void aBodyThatIsNotOneObjectIsStillRefusedAsSuch() {
        assertThatThrownBy(() -> parse("{\"status\":\"Active\"} {}", "status"))
                .isInstanceOf(ValidationException.class).hasMessage("The request body must be a JSON object.");
    }
}
