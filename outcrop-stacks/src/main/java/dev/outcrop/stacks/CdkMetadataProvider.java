package dev.outcrop.stacks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code AWS::CDK::Metadata}, which every CDK app emits for its usage analytics: recorded, nothing applied.
 */
public final class CdkMetadataProvider implements ResourceProvider {
    @Override
    public String type() {
        return "AWS::CDK::Metadata";
    }

    @Override
    public Set<String> properties() {
        return Set.of("Analytics", "Modules");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of();
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        return new Provisioned(context.stackId().replaceFirst("stack/", "cdk-metadata/") + "/" + context.logicalId(),
                JsonNodeFactory.instance.objectNode());
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        return current;
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        // nothing was applied
    }
}
