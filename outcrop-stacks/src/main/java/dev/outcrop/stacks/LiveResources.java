package dev.outcrop.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.stacks.template.Intrinsics;
import dev.outcrop.stacks.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The resources of a stack as they are while it changes, and what the template's references to them resolve
 * to: {@code Ref} a physical id, {@code Fn::GetAtt} an attribute; a reference to a skipped resource, to one left
 * out by its condition or to an attribute its type does not have fails, naming it.
 */
final class LiveResources implements Intrinsics.References {
    /** One resource as it stands. */
    record Live(String type, Provisioned provisioned, ObjectNode properties) {}

    private final Map<String, Live> live = new LinkedHashMap<>();
    private final PreparedTemplate prepared;
    private final Function<String, Optional<String>> exports;
    private final java.util.Set<String> imported = new java.util.TreeSet<>();

    LiveResources(PreparedTemplate prepared, Function<String, Optional<String>> exports) {
        this.prepared = prepared;
        this.exports = exports;
    }

    /** The names of the exports {@code Fn::ImportValue} read so far. */
    java.util.Set<String> imported() {
        return imported;
    }

    Map<String, Live> all() {
        return live;
    }

    Optional<Live> get(String logicalId) {
        return Optional.ofNullable(live.get(logicalId));
    }

    void put(String logicalId, Live resource) {
        live.put(logicalId, resource);
    }

    void remove(String logicalId) {
        live.remove(logicalId);
    }

    @Override
    public Optional<JsonNode> resource(String logicalId, String where) {
        Template.ResourceDeclaration declared = prepared.template().resources().get(logicalId);
        if (declared == null) {
            return Optional.empty();
        }
        return Optional.of(JsonNodeFactory.instance.textNode(existing(logicalId, declared, where).provisioned()
                .physicalId()));
    }

    @Override
    public JsonNode attribute(String logicalId, String attribute, String where) {
        Template.ResourceDeclaration declared = prepared.template().resources().get(logicalId);
        if (declared == null) {
            throw Intrinsics.error(where, "Fn::GetAtt of " + logicalId + ", which is not a resource of the template");
        }
        JsonNode value = existing(logicalId, declared, where).provisioned().attributes().get(attribute);
        if (value == null) {
            throw Intrinsics.error(where, "resource " + logicalId + " does not support attribute type "
                    + attribute + " in Fn::GetAtt");
        }
        return value;
    }

    private Live existing(String logicalId, Template.ResourceDeclaration declared, String where) {
        if (prepared.skipped().contains(logicalId)) {
            throw Intrinsics.error(where, "the resource " + logicalId + " (" + declared.type() + ") was skipped: Outcrop "
                    + "does not serve its type, so nothing can refer to it");
        }
        if (!prepared.conditions().includes(declared.condition())) {
            throw Intrinsics.error(where, "the resource " + logicalId + " is not created: its condition "
                    + declared.condition() + " is false");
        }
        Live resource = live.get(logicalId);
        if (resource == null) {
            throw new IllegalStateException(logicalId + " is referred to before it exists at " + where);
        }
        return resource;
    }

    @Override
    public boolean condition(String name, String where) {
        if (!prepared.conditions().has(name)) {
            throw Intrinsics.error(where, "Unresolved condition dependency " + name);
        }
        return prepared.conditions().value(name);
    }

    @Override
    public JsonNode importValue(String name, String where) {
        imported.add(name);
        return JsonNodeFactory.instance.textNode(exports.apply(name).orElseThrow(() -> Intrinsics.error(where,
                "No export named " + name + " found")));
    }
}
