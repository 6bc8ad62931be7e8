package dev.outcrop.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagesTest {
    private static final List<String> OFFERED = List.of("a", "b", "c", "d", "e");

    @Test
    void aFixedListIsServedInPagesThatResumeAfterTheLastKey() {
        Pages.Page<String> first = Pages.ofList(OFFERED, Function.identity(), "l", null, 2);
        Pages.Page<String> second = Pages.ofList(OFFERED, Function.identity(), "l",
                Pages.after(first.nextToken(), "l"), 2);
        Pages.Page<String> last = Pages.ofList(OFFERED, Function.identity(), "l",
                Pages.after(second.nextToken(), "l"), 2);

        assertThat(first.items()).containsExactly("a", "b");
        assertThat(second.items()).containsExactly("c", "d");
        assertThat(last.items()).containsExactly("e");
        assertThat(last.nextToken()).isNull();
    }

    @Test
    void aKeyNoLongerListedResumesPastTheEnd() {
        Pages.Page<String> page = Pages.ofList(OFFERED, Function.identity(), "l", "zz", 2);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }
}
