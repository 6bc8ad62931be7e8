package dev.outcrop.stacks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider of {@code Test::Thing::Box} that keeps its boxes in a map and records what it did; a box whose
 * {@code Value} is {@code fail} cannot be created or changed. {@code Name} replaces a box.
 */
final class RecordingProvider implements ResourceProvider {
    final Map<String, String> boxes = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();
    private int next;

    @Override
    public String type() {
        return "Test::Thing::Box";
    }

    @Override
    public Set<String> properties() {
        return Set.of("Name", "Value");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of("Name");
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        check(properties);
        String id = properties.path("Name").asText(context.logicalId()) + "-" + (++next);
        boxes.put(id, properties.path("Value").asText());
        log.add("create " + id);
        return new Provisioned(id, JsonNodeFactory.instance.objectNode().put("Arn", "arn:box:" + id)
                .put("Value", properties.path("Value").asText()));
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        check(properties);
        boxes.put(current.physicalId(), properties.path("Value").asText());
        log.add("update " + current.physicalId());
        return new Provisioned(current.physicalId(), current.attributes().deepCopy()
                .put("Value", properties.path("Value").asText()));
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        boxes.remove(current.physicalId());
        log.add("delete " + current.physicalId());
    }

    private static void check(ObjectNode properties) {
        if (properties.path("Value").asText().equals("fail")) {
            throw new ValidationException("the box refuses 'fail'");
        }
    }
}
