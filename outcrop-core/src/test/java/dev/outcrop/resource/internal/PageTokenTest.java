package dev.outcrop.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    @Test
    void aTokenRoundTripsForItsOwnListing() {
        String wire = new PageToken("profiles:APPLICATION:us-east-1", "42").encode();

        assertThat(PageToken.decode(wire, "profiles:APPLICATION:us-east-1").afterKey()).isEqualTo("42");
        assertThat(wire).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aTokenOfAnotherListingOrGarbageIsAValidationError() {
        String wire = new PageToken("profiles:APPLICATION:us-east-1", "42").encode();

        assertThatThrownBy(() -> PageToken.decode(wire, "profiles:APPLICATION:eu-west-1"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PageToken.decode("%%%", "x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PageToken.decode("aGVsbG8", "x")).isInstanceOf(ValidationException.class);
    }
}
