package dev.outcrop.server.smithy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each Smithy number type holds exactly the values of its width, read from JSON as AWS's SDKs write them. */
class NumberTypeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource({
        "BYTE, 127, true", "BYTE, 128, false", "BYTE, -128, true", "BYTE, -129, false",
        "SHORT, 32767, true", "SHORT, 32768, false", "SHORT, -32769, false",
        "INTEGER, 2147483647, true", "INTEGER, 2147483648, false", "INTEGER, -2147483648, true",
        "INTEGER, -2147483649, false", "INTEGER, 4294967296, false",
        "LONG, 9223372036854775807, true", "LONG, 9223372036854775808, false", "LONG, -9223372036854775809, false",
        "BIG_INTEGER, 123000000000000000000000000000, true",
        "FLOAT, 3.4e38, true", "FLOAT, 3.5e38, false", "FLOAT, -3.5e38, false", "FLOAT, 0.5, true",
        "DOUBLE, 1.7e308, true", "DOUBLE, 1e400, false", "DOUBLE, -1e400, false",
        "BIG_DECIMAL, 123000000000000000000000000000.5, true",
    })
    void aNumberFitsItsTypeExactlyWhenTheTypeCanHoldIt(NumberType type, String literal, boolean holds) throws Exception {
        JsonNode number = JSON.readTree(literal);
        assertThat(type.holds(number)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"byte, BYTE", "Short, SHORT", "integer, INTEGER", "intEnum, INTEGER", "PrimitiveLong, LONG",
        "bigInteger, BIG_INTEGER", "float, FLOAT", "Double, DOUBLE", "bigDecimal, BIG_DECIMAL"})
    void everySmithyNumberTypeNameMapsToItsType(String smithy, NumberType type) {
        assertThat(NumberType.ofSmithy(smithy)).isEqualTo(type);
    }
}
