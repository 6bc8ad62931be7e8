package dev.outcrop.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryFormTest {
    private static QueryForm form(String body) {
        return QueryForm.parse(body.getBytes(StandardCharsets.UTF_8), 4096);
    }

    private static void assertRefused(String body, int maxBytes, String code, String message) {
        assertThatThrownBy(() -> QueryForm.parse(body.getBytes(StandardCharsets.UTF_8), maxBytes))
                .isInstanceOfSatisfying(QueryError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void membersAreDecodedAsAFormBody() {
        QueryForm form = form("Action=CreateStack&TemplateBody=%7B%22a%22%3A+1%7D&&Empty=&Flag");
        assertThat(form.get("Action")).isEqualTo("CreateStack");
        assertThat(form.get("TemplateBody")).isEqualTo("{\"a\": 1}");
        assertThat(form.get("Empty")).isEmpty();
        assertThat(form.get("Flag")).isEmpty();
        assertThat(form.get("Missing")).isNull();
    }

    @Test
    void aMemberNamedTwiceIsRefusedEvenWhenEncodedDifferently() {
        assertRefused("RoleArn=a&Role%41rn=b", 4096, "ValidationError", "The parameter RoleArn appears more than once.");
    }

    @Test
    void aMalformedEscapeOrALongBodyIsRefused() {
        assertRefused("Action=%zz", 4096, "MalformedQueryString", "The form body is not URL-encoded.");
        assertRefused("Action=" + "a".repeat(100), 64, "ValidationError", "The request is longer than 64 bytes.");
    }

    @Test
    void aRequiredMemberNamesItselfAsTheServicesDo() {
        assertThatThrownBy(() -> form("Action=").required("Action")).isInstanceOfSatisfying(QueryError.class,
                e -> assertThat(e.getMessage()).isEqualTo("1 validation error detected: Value null at 'action' "
                        + "failed to satisfy constraint: Member must not be null"));
    }

    @Test
    void listsAreReadInOrderAndAnIndexOutOfRangeOrAGapIsRefusedNotDropped() {
        assertThat(form("S.member.2=b&S.member.1=a&S.member.1.K=v").list("S")).containsExactly("a", "b");
        for (String index : List.of("0", "01", "201", "4294967297", "-1", "x")) {
            assertThatThrownBy(() -> form("S.member.1=a&S.member." + index + "=b").list("S"))
                    .isInstanceOfSatisfying(QueryError.class, e -> assertThat(e.code()).isEqualTo("ValidationError"))
                    .hasMessageContaining("its index must be a number from 1 to 200");
        }
        assertThatThrownBy(() -> form("S.member.1=a&S.member.3=c").list("S"))
                .hasMessage("The list S has no member 2 before member 3.");
    }

    @Test
    void structuresAreGroupedByIndexAndBounded() {
        QueryForm form = form("Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=1"
                + "&Parameters.member.2.ParameterKey=B");
        assertThat(form.structures("Parameters")).containsExactly(
                Map.of("ParameterKey", "A", "ParameterValue", "1"), Map.of("ParameterKey", "B"));
        assertThatThrownBy(() -> form("Parameters.member.201.ParameterKey=Z").structures("Parameters"))
                .hasMessageContaining("Parameters.member.201.ParameterKey is not a member of the list Parameters");
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= QueryForm.MAX_LIST; i++) {
            many.append("T.member.").append(i).append("=v&");
        }
        assertThat(QueryForm.parse(many.toString().getBytes(StandardCharsets.UTF_8), 1 << 20).list("T"))
                .hasSize(QueryForm.MAX_LIST);
    }
}
