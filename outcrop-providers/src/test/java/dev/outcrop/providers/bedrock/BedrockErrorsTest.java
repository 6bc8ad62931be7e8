package dev.outcrop.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.Deployment;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BedrockErrorsTest {
    private static final Deployment DEPLOYMENT = new Deployment("meta.llama3-1-8b-instruct-v1:0", "us-east-1", "bedrock",
            URI.create("https://bedrock-runtime.us-east-1.amazonaws.com"), "meta.llama3-1-8b-instruct-v1:0",
            Duration.ofMinutes(1), Duration.ofSeconds(10));
    private static final String ACCOUNT_MESSAGE = "User: arn:aws:sts::210987654321:assumed-role/outcrop-prod/i-0abc "
            + "is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/x";

    private static ObjectNode body(String message) {
        return JsonNodeFactory.instance.objectNode().put("message", message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"403, AccessDeniedException", "403, UnrecognizedClientException", "403, ExpiredTokenException",
            "403, InvalidSignatureException", "401, ''", "403, ''",
            "404, ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.bedrock/"})
    void theOperatorsProblemsBecomeAScrubbed503ThatTakesTheDeploymentOutOfService(int status, String type) {
        BedrockException error = new BedrockErrors().named(DEPLOYMENT, status, type, body(ACCOUNT_MESSAGE));

        assertThat(error).isInstanceOf(ServiceUnavailableException.class);
        assertThat(error.httpStatus()).isEqualTo(503);
        assertThat(error.getMessage()).isEqualTo(BedrockErrors.UNAVAILABLE)
                .doesNotContain("210987654321").doesNotContain("outcrop-prod").doesNotContain("arn:");
        assertThat(error.deploymentOutOfService()).isTrue();
        assertThat(error.internalDetail()).contains("210987654321"); // the operator's log and admin API keep it
    }

    @Test
    void aValidationErrorAboutTheCallersBodyComesBackUnchanged() {
        BedrockException error = new BedrockErrors().named(DEPLOYMENT, 400, "ValidationException",
                body("Malformed input request: #/max_gen_len: 9000 is not less or equal to 2048"));

        assertThat(error).isInstanceOf(ValidationException.class);
        assertThat(error.getMessage()).isEqualTo("Malformed input request: #/max_gen_len: 9000 is not less or equal to 2048");
        assertThat(error.deploymentOutOfService()).isFalse();
    }
}
