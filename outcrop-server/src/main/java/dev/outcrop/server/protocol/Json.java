package dev.outcrop.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The JSON mapper of the wire: absent members omitted (never {@code null}), timestamps as RFC 3339 UTC
 * strings ({@code 2024-11-04T17:49:37.317Z}), as Bedrock's {@code date-time} format requires.
 */
public final class Json {
    private static final ObjectMapper MAPPER = create();
    /**
     * A repeated member is found as the tree is built (the object's map returns the value it replaces) rather than by
     * the parser's duplicate detection, which keeps a set of names for every object of every body read.
     */
    private static final ObjectReader STRICT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a request body strictly: exactly one JSON value, and no member twice in one object. A repeated
     * member is refused rather than read as its last value, so that no part of what the caller sent is
     * silently dropped. (A repeated member whose own value is malformed is refused as malformed: the repetition is
     * seen once the value is read.)
     *
     * @throws RepeatedMember when an object names a member twice
     * @throws IOException when the body is not one JSON value
     */
    public static JsonNode readStrict(byte[] body) throws IOException {
        try {
            return STRICT.readTree(body);
        } catch (MismatchedInputException e) {
            if (e.getProcessor() instanceof JsonParser parser && e.getOriginalMessage() != null
                    && e.getOriginalMessage().startsWith("Duplicate field '")) {
                throw new RepeatedMember(parser.getParsingContext().pathAsPointer().toString());
            }
            throw e;
        }
    }

    /** A request body that names a member twice in one object, at {@link #pointer()}. */
    public static final class RepeatedMember extends IOException {
        private final String pointer;

        RepeatedMember(String pointer) {
            super("the member at " + pointer + " appears more than once");
            this.pointer = pointer;
        }

        /** The JSON pointer of the repeated member, e.g. {@code /inferenceConfig/maxTokens}. */
        public String pointer() {
            return pointer;
        }

        /** The violation as Bedrock's validation messages word one, naming the member's dotted path. */
        public String violation() {
            return "Value at '" + pointer.substring(1).replace('/', '.')
                    + "' failed to satisfy constraint: Member must appear only once";
        }
    }

    /** Serialises a wire value to UTF-8 JSON. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static ObjectMapper create() {
        SimpleModule time = new SimpleModule("outcrop-time");
        time.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
            }
        });
        JsonMapper mapper = JsonMappers.builder()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(time)
                .build();
        // Request bodies may be large (25 MB InvokeModel payloads with base64 images), but not deep.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(30_000_000).build());
        return mapper;
    }
}
