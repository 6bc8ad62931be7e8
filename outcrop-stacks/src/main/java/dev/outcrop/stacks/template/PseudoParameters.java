package dev.outcrop.stacks.template;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * The pseudo parameters of a stack: {@code AWS::Region}, {@code AWS::AccountId}, {@code AWS::Partition},
 * {@code AWS::StackId}, {@code AWS::StackName}, {@code AWS::URLSuffix}, {@code AWS::NotificationARNs} and
 * {@code AWS::NoValue} (which removes the property it is the value of).
 */
public record PseudoParameters(String region, String accountId, String partition, String stackId, String stackName) {
    /** Checks the members. */
    public PseudoParameters {
        requireNonNull(region, "region");
        requireNonNull(accountId, "accountId");
        requireNonNull(partition, "partition");
        requireNonNull(stackId, "stackId");
        requireNonNull(stackName, "stackName");
    }

    /** The URL suffix of the partition's endpoints. */
    public String urlSuffix() {
        return partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    /** The value of {@code Ref name}, if {@code name} is a pseudo parameter. */
    public Optional<JsonNode> value(String name) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Optional.ofNullable(switch (name) {
            case "AWS::Region" -> nodes.textNode(region);
            case "AWS::AccountId" -> nodes.textNode(accountId);
            case "AWS::Partition" -> nodes.textNode(partition);
            case "AWS::StackId" -> nodes.textNode(stackId);
            case "AWS::StackName" -> nodes.textNode(stackName);
            case "AWS::URLSuffix" -> nodes.textNode(urlSuffix());
            case "AWS::NotificationARNs" -> nodes.arrayNode();
            case "AWS::NoValue" -> MissingNode.getInstance();
            default -> null;
        });
    }
}
