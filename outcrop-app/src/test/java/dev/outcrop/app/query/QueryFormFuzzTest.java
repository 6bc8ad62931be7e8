package dev.outcrop.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;

/**
 * The query protocol's form body as CloudFormation's and STS's APIs read it: a body is a form or a 400
 * {@link QueryError}, and every read of an accepted form stays within its bounds.
 */
class QueryFormFuzzTest {
    private static final int MAX_BYTES = 16 * 1024;

    @FuzzTest(maxDuration = "2s")
    void aBodyIsAFormOrARefusalAndItsListsStayBounded(byte[] body) {
        QueryForm form;
        try {
            form = QueryForm.parse(body, MAX_BYTES);
        } catch (QueryError refused) {
            assertThat(refused.status()).isEqualTo(400);
            return;
        }
        for (String name : List.of("Parameters", "Tags", "StackStatusFilter", "Capabilities")) {
            try {
                List<Map<String, String>> structures = form.structures(name);
                assertThat(structures).hasSizeLessThanOrEqualTo(QueryForm.MAX_LIST).doesNotContainNull();
                assertThat(form.list(name)).hasSizeLessThanOrEqualTo(QueryForm.MAX_LIST).doesNotContainNull();
            } catch (QueryError refused) {
                assertThat(refused.code()).isEqualTo("ValidationError"); // an index out of range, or a gap
            }
        }
        try {
            assertThat(form.required("Action")).isNotEmpty();
        } catch (QueryError missing) {
            assertThat(missing.code()).isEqualTo("ValidationError");
        }
    }
}
