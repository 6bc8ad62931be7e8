package dev.outcrop.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.server.smithy.SmithyModel;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Router ROUTER = new Router(SmithyModel.bedrock().operations());

    @Test
    void anEncodedArnLabelStaysOneSegmentAndIsDecoded() {
        Router.Match match = ROUTER.match("POST", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                + "application-inference-profile%2Fabc123xyz789/converse");

        assertThat(match.operation().name()).isEqualTo("Converse");
        assertThat(match.labels()).containsEntry("modelId",
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789");
    }

    @Test
    void aPlusInAPathSegmentIsNotASpace() {
        assertThat(ROUTER.match("GET", "/foundation-models/a+b").labels()).containsEntry("modelIdentifier", "a+b");
    }

    @Test
    void controlPlaneAndRuntimePathsResolveToTheirOperations() {
        assertThat(ROUTER.match("GET", "/inference-profiles").operation().name()).isEqualTo("ListInferenceProfiles");
        assertThat(ROUTER.match("POST", "/inference-profiles").operation().name()).isEqualTo("CreateInferenceProfile");
        assertThat(ROUTER.match("POST", "/listTagsForResource").operation().name()).isEqualTo("ListTagsForResource");
        assertThat(ROUTER.match("POST", "/model/m/invoke-with-response-stream").operation().name())
                .isEqualTo("InvokeModelWithResponseStream");
        assertThat(ROUTER.match("POST", "/model/m/count-tokens").operation().name()).isEqualTo("CountTokens");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405() {
        assertThatThrownBy(() -> ROUTER.match("GET", "/nothing/here"))
                .isInstanceOfSatisfying(UnknownOperationException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThatThrownBy(() -> ROUTER.match("PATCH", "/inference-profiles"))
                .isInstanceOfSatisfying(UnknownOperationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(405);
                    assertThat(e.allowedMethods()).isEqualTo("GET, POST");
                });
    }

    @Test
    void aMalformedEscapeIsAValidationError() {
        assertThatThrownBy(() -> ROUTER.match("GET", "/inference-profiles/abc%2"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ROUTER.match("GET", "/inference-profiles/abc%zz"))
                .isInstanceOf(ValidationException.class);
    }
}
