package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Templates of the tests and an evaluator whose resources answer fixed values. */
final class TemplateFixtures {
    static final PseudoParameters PSEUDO = new PseudoParameters("us-east-1", "123456789012", "aws",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/demo/1", "demo");

    private TemplateFixtures() {}

    static String resource(String name) {
        try (InputStream in = TemplateFixtures.class.getResourceAsStream("/templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An evaluator where resource X refers to "X-id", its attribute A is "X.A", condition IsTrue is true, any other false. */
    static Intrinsics intrinsics(String mappingsJson, Map<String, JsonNode> parameters) {
        var mappings = (com.fasterxml.jackson.databind.node.ObjectNode) TemplateReader.read(mappingsJson);
        return new Intrinsics(mappings, parameters, PSEUDO, new Intrinsics.References() {
            @Override
            public Optional<JsonNode> resource(String logicalId, String where) {
                return logicalId.startsWith("Res")
                        ? Optional.of(JsonNodeFactory.instance.textNode(logicalId + "-id")) : Optional.empty();
            }

            @Override
            public JsonNode attribute(String logicalId, String attribute, String where) {
                return JsonNodeFactory.instance.textNode(logicalId + "." + attribute);
            }

            @Override
            public boolean condition(String name, String where) {
                return name.equals("IsTrue");
            }

            @Override
            public JsonNode importValue(String name, String where) {
                return JsonNodeFactory.instance.textNode("imported:" + name);
            }
        });
    }
}
