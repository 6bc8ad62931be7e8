package dev.outcrop.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.invoke.OutputSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaInstanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"string\"}",
        "{\"type\":[\"null\",\"integer\"],\"minimum\":7,\"maximum\":9}",
        "{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}",
        "{\"type\":\"integer\",\"minimum\":5,\"multipleOf\":4}",
        "{\"type\":\"string\",\"minLength\":40,\"maxLength\":41}",
        "{\"type\":\"string\",\"format\":\"date-time\"}",
        "{\"type\":\"string\",\"format\":\"email\"}",
        "{\"const\":{\"fixed\":[1,2]}}",
        "{\"type\":\"array\",\"minItems\":3,\"maxItems\":3,\"items\":{\"type\":\"boolean\"}}",
        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"items\":false}",
        "{\"oneOf\":[{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"enum\":[\"x\",\"y\"]}}},{\"type\":\"string\"}]}",
        "{\"allOf\":[{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\"}}},"
                + "{\"required\":[\"b\"],\"properties\":{\"b\":{\"type\":\"string\"}}}]}",
        "{\"$ref\":\"#/$defs/node\",\"$defs\":{\"leaf\":{\"type\":\"object\",\"required\":[\"name\"],"
                + "\"properties\":{\"name\":{\"type\":\"string\"}}},\"node\":{\"type\":\"object\","
                + "\"additionalProperties\":false,\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/leaf\"}}}}}}"
    })
    void theInstanceConformsToTheSchema(String schema) throws Exception {
        String instance = SchemaInstance.of(JSON.readTree(schema), n -> "word " + n, 1_000_000).toString();

        assertThat(OutputSchema.of(null, null, JSON.readTree(schema)).violations(instance)).as(instance).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"})
    void theSameSchemaAndWordsGiveTheSameInstance(String schema) throws Exception {
        assertThat(SchemaInstance.of(JSON.readTree(schema), n -> "w" + n, 1_000_000))
                .isEqualTo(SchemaInstance.of(JSON.readTree(schema), n -> "w" + n, 1_000_000));
    }
}
