package dev.outcrop.app.cloudformation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.app.query.QueryError;
import dev.outcrop.app.query.QueryForm;
import dev.outcrop.app.query.QueryProtocol;
import dev.outcrop.app.query.QueryXml;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ValidationException;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.Exchange;
import dev.outcrop.stack.StackStore;
import dev.outcrop.stack.StackStore.StoredStack;
import dev.outcrop.stacks.ResourceChange;
import dev.outcrop.stacks.StackEngine;
import dev.outcrop.stacks.template.Limits;
import dev.outcrop.util.JsonMappers;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudFormation's API in the AWS query protocol ({@code Action=CreateStack&Version=2010-05-15&...}, XML answers),
 * enough for the AWS CLI's {@code cloudformation deploy} and the stack calls: the stacks are those of
 * {@link StackEngine}, deployed synchronously, so a waiter's first poll sees the final status.
 * Callers need {@code cloudformation:<Action>} on the stack's ARN.
 */
public final class CloudFormationQueryApi implements EdgeService {
    /** The SigV4 signing service of the API. */
    public static final String SIGNING_SERVICE = "cloudformation";
    private static final String VERSION = "2010-05-15";
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final String NAME_PATTERN = "[a-zA-Z][-a-zA-Z0-9]*";
    /**
     * The largest form read: a template body of {@link Limits#MAX_TEMPLATE_BODY_BYTES} bytes, percent-encoded,
     * beside the stack's parameters and tags.
     */
    private static final int MAX_FORM = 1024 * 1024;
    private static final QueryProtocol PROTOCOL =
            new QueryProtocol("http://cloudformation.amazonaws.com/doc/2010-05-15/", MAX_FORM);

    private final StackEngine stacks;
    private final AccessControl access;
    private final StackAuthorities authorities;
    private final String partition;
    private final String accountId;
    private final String defaultRegion;

    /** Creates the API over the engine, for the one account Outcrop serves. */
    public CloudFormationQueryApi(StackEngine stacks, AccessControl access, StackAuthorities authorities,
                                  String partition, String accountId, String defaultRegion) {
        this.stacks = requireNonNull(stacks, "stacks");
        this.access = requireNonNull(access, "access");
        this.authorities = requireNonNull(authorities, "authorities");
        this.partition = requireNonNull(partition, "partition");
        this.accountId = requireNonNull(accountId, "accountId");
        this.defaultRegion = requireNonNull(defaultRegion, "defaultRegion");
    }

    @Override
    public void serve(Exchange exchange) {
        PROTOCOL.serve(exchange, form -> {
            String action = form.required("Action");
            if (!VERSION.equals(form.get("Version"))) {
                throw new ValidationException("Version must be " + VERSION + ".");
            }
            String region = exchange.caller() != null && exchange.caller().region() != null
                    ? exchange.caller().region() : defaultRegion;
            Call call = new Call(exchange, form, new RequestScope(partition, accountId, region), action);
            return switch (action) {
                case "CreateStack", "UpdateStack" -> deployStack(call);
                case "DeleteStack" -> deleteStack(call);
                case "DescribeStacks" -> describeStacks(call);
                case "DescribeStackEvents" -> describeStackEvents(call);
                case "DescribeStackResources" -> describeStackResources(call);
                case "ListStacks" -> listStacks(call);
                case "GetTemplate" -> getTemplate(call);
                case "GetTemplateSummary" -> getTemplateSummary(call);
                case "CreateChangeSet" -> createChangeSet(call);
                case "DescribeChangeSet" -> describeChangeSet(call);
                case "ExecuteChangeSet" -> executeChangeSet(call);
                case "DeleteChangeSet" -> deleteChangeSet(call);
                default -> throw new QueryError(400, "InvalidAction", "The action " + action + " is not valid "
                        + "for this web service.");
            };
        });
    }

    /** The edge's errors for this API in CloudFormation's {@code ErrorResponse}. */
    @Override
    public ErrorWriter errorWriter(dev.outcrop.server.http.WireRequest head) {
        return PROTOCOL.errorWriter();
    }

    private record Call(Exchange exchange, QueryForm form, RequestScope scope, String action) {
        byte[] answer(java.util.function.Consumer<QueryXml> result) {
            return PROTOCOL.response(action, exchange.requestId(), result);
        }
    }

    // ---- authorization

    private void authorize(Call call, String stackNameOrId) {
        access.require(call.exchange().caller(), call.scope().region(), "cloudformation:" + call.action(),
                stackArn(call.scope(), stackNameOrId), k -> { });
    }

    private String stackArn(RequestScope scope, String nameOrId) {
        if (nameOrId == null) {
            return "*";
        }
        if (nameOrId.startsWith("arn:")) {
            return nameOrId;
        }
        return "arn:" + scope.partition() + ":cloudformation:" + scope.region() + ":" + scope.accountId()
                + ":stack/" + nameOrId + "/*";
    }

    private static String stackName(QueryForm form) {
        String name = form.required("StackName");
        // A stack is named by its name or its id (an ARN, at most 256 characters as CloudFormation's StackName).
        if (name.startsWith("arn:") && name.length() <= 256) {
            return name;
        }
        return Limits.stackName(name);
    }

    // ---- stacks

    private byte[] deployStack(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        boolean exists = live(call.scope(), name) != null;
        if (call.action().equals("CreateStack") && exists) {
            throw new QueryError(400, "AlreadyExistsException", "Stack [" + name + "] already exists");
        }
        if (call.action().equals("UpdateStack") && !exists) {
            throw new ValidationException("Stack [" + name + "] does not exist");
        }
        StoredStack stack = stacks.deploy(new StackEngine.DeployRequest(call.scope(), name, templateBody(call, name),
                parameters(call, name), false, authority(call)));
        return call.answer(xml -> xml.element("StackId", stack.stackId()));
    }

    /**
     * The permissions with which the stack's resources are created, changed and deleted: the service role the call
     * names ({@code RoleARN}), which the caller must be allowed to pass, else the caller's own.
     */
    private dev.outcrop.stacks.StackAuthority authority(Call call) {
        return authority(call, call.form().get("RoleARN"));
    }

    private dev.outcrop.stacks.StackAuthority authority(Call call, String roleArn) {
        return authorities.of(call.exchange().caller(), call.scope().region(), roleArn);
    }

    private String templateBody(Call call, String name) {
        if (call.form().get("TemplateURL") != null) {
            throw new ValidationException("TemplateURL is not supported here: pass the template in TemplateBody.");
        }
        if ("true".equals(call.form().get("UsePreviousTemplate"))) {
            return stacks.describe(call.scope(), name).templateBody();
        }
        return Limits.templateBody(call.form().required("TemplateBody"), Limits.MAX_TEMPLATE_BODY_BYTES,
                "templateBody");
    }

    private Map<String, String> parameters(Call call, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> previous = null;
        for (Map<String, String> parameter : call.form().structures("Parameters")) {
            String key = parameter.get("ParameterKey");
            if (key == null || key.isEmpty()) {
                throw new ValidationException("1 validation error detected: Value null at 'parameters.member."
                        + (values.size() + 1) + ".parameterKey' failed to satisfy constraint: Member must not be null");
            }
            if ("true".equals(parameter.get("UsePreviousValue"))) {
                if (previous == null) {
                    previous = storedParameters(live(call.scope(), name));
                }
                String value = previous.get(key);
                if (value != null) {
                    values.put(key, value);
                }
            } else {
                values.put(key, parameter.getOrDefault("ParameterValue", ""));
            }
        }
        return values;
    }

    private static Map<String, String> storedParameters(StoredStack stack) {
        if (stack == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(stack.parametersJson(), new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    /** The outputs by logical id: {@code OutputValue}, and {@code Description} and {@code ExportName} if any. */
    private static Map<String, Map<String, String>> storedOutputs(StoredStack stack) {
        try {
            return JSON.readValue(stack.outputsJson(), new TypeReference<Map<String, Map<String, String>>>() { });
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    /** The live stack with this name or id, or null. */
    private StoredStack live(RequestScope scope, String nameOrId) {
        try {
            StoredStack stack = stacks.describe(scope, nameOrId);
            return stack.status().equals(StackStore.DELETE_COMPLETE) ? null : stack;
        } catch (ValidationException e) {
            return null;
        }
    }

    private byte[] deleteStack(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        if (live(call.scope(), name) != null || name.startsWith("arn:")) {
            StoredStack stack = stacks.describe(call.scope(), name);
            if (stack.status().endsWith("_IN_PROGRESS") && !stack.status().equals("DELETE_IN_PROGRESS")) {
                throw new ValidationException("Stack [" + stack.name() + "] cannot be deleted while in status "
                        + stack.status());
            }
            stacks.delete(call.scope(), name, authority(call));
        }
        // Deleting a stack that does not exist succeeds, as on CloudFormation.
        return call.answer(xml -> { });
    }

    private byte[] describeStacks(Call call) {
        String name = call.form().get("StackName");
        List<StoredStack> found;
        if (name == null || name.isEmpty()) {
            authorize(call, null);
            found = stacks.list(call.scope()).stream()
                    .filter(s -> !s.status().equals(StackStore.DELETE_COMPLETE)).toList();
        } else {
            name = stackName(call.form());
            authorize(call, name);
            StoredStack stack = stacks.describe(call.scope(), name);
            if (!name.startsWith("arn:") && stack.status().equals(StackStore.DELETE_COMPLETE)) {
                throw new ValidationException("Stack with id " + name + " does not exist");
            }
            found = List.of(stack);
        }
        return call.answer(xml -> {
            xml.open("Stacks");
            for (StoredStack stack : found) {
                xml.open("member");
                writeStack(xml, stack);
                xml.close("member");
            }
            xml.close("Stacks");
        });
    }

    private void writeStack(QueryXml xml, StoredStack stack) {
        xml.element("StackId", stack.stackId()).element("StackName", stack.name())
                .element("Description", stack.description());
        xml.open("Parameters");
        StackEngine.shownParameters(stack).forEach((key, value) -> xml.open("member").element("ParameterKey", key)
                .element("ParameterValue", value).close("member"));
        xml.close("Parameters");
        xml.element("CreationTime", stack.createdAt());
        if (!stack.updatedAt().equals(stack.createdAt())) {
            xml.element("LastUpdatedTime", stack.updatedAt());
        }
        xml.element("StackStatus", stack.status()).element("StackStatusReason", stack.statusReason())
                .element("RoleARN", stack.roleArn());
        xml.element("DisableRollback", false);
        xml.open("Outputs");
        storedOutputs(stack).forEach((key, output) -> xml.open("member").element("OutputKey", key)
                .element("OutputValue", output.get("OutputValue")).element("Description", output.get("Description"))
                .element("ExportName", output.get("ExportName")).close("member"));
        xml.close("Outputs");
        xml.open("Capabilities").close("Capabilities").open("Tags").close("Tags");
    }

    private byte[] describeStackEvents(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        StoredStack stack = stacks.describe(call.scope(), name);
        List<StackStore.StackEvent> events = stacks.events(call.scope(), name);
        return call.answer(xml -> {
            xml.open("StackEvents");
            for (StackStore.StackEvent event : events) {
                xml.open("member").element("StackId", stack.stackId()).element("EventId", event.eventId())
                        .element("StackName", stack.name()).element("LogicalResourceId", event.logicalId())
                        .element("PhysicalResourceId", event.physicalId()).element("ResourceType", event.type())
                        .element("Timestamp", event.timestamp()).element("ResourceStatus", event.status())
                        .element("ResourceStatusReason", event.reason()).close("member");
            }
            xml.close("StackEvents");
        });
    }

    private byte[] describeStackResources(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        StoredStack stack = stacks.describe(call.scope(), name);
        String logicalId = call.form().get("LogicalResourceId");
        List<StackStore.StoredResource> resources = stacks.resources(call.scope(), name).stream()
                .filter(r -> logicalId == null || r.logicalId().equals(logicalId)).toList();
        return call.answer(xml -> {
            xml.open("StackResources");
            for (StackStore.StoredResource resource : resources) {
                xml.open("member").element("StackName", stack.name()).element("StackId", stack.stackId())
                        .element("LogicalResourceId", resource.logicalId())
                        .element("PhysicalResourceId", resource.physicalId())
                        .element("ResourceType", resource.type()).element("Timestamp", resource.updatedAt())
                        .element("ResourceStatus", resource.status())
                        .element("ResourceStatusReason", resource.statusReason()).close("member");
            }
            xml.close("StackResources");
        });
    }

    private byte[] listStacks(Call call) {
        authorize(call, null);
        Set<String> statuses = new HashSet<>(call.form().list("StackStatusFilter"));
        List<StoredStack> found = stacks.list(call.scope()).stream()
                .filter(s -> statuses.isEmpty() || statuses.contains(s.status())).toList();
        return call.answer(xml -> {
            xml.open("StackSummaries");
            for (StoredStack stack : found) {
                xml.open("member").element("StackId", stack.stackId()).element("StackName", stack.name())
                        .element("TemplateDescription", stack.description())
                        .element("CreationTime", stack.createdAt()).element("LastUpdatedTime", stack.updatedAt())
                        .element("StackStatus", stack.status()).element("StackStatusReason", stack.statusReason())
                        .close("member");
            }
            xml.close("StackSummaries");
        });
    }

    private byte[] getTemplate(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        StoredStack stack = stacks.describe(call.scope(), name);
        return call.answer(xml -> xml.element("TemplateBody", stack.templateBody())
                .open("StagesAvailable").open("member").close("member").close("StagesAvailable"));
    }

    /** What {@code deploy} asks before an update: the parameters the stack has now. */
    private byte[] getTemplateSummary(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        StoredStack stack = stacks.describe(call.scope(), name);
        return call.answer(xml -> {
            xml.open("Parameters");
            storedParameters(stack).keySet().forEach(key -> xml.open("member").element("ParameterKey", key)
                    .element("NoEcho", false).close("member"));
            xml.close("Parameters");
            xml.element("Description", stack.description());
        });
    }

    // ---- change sets

    private byte[] createChangeSet(Call call) {
        String name = stackName(call.form());
        authorize(call, name);
        String changeSetName = call.form().required("ChangeSetName");
        if (changeSetName.length() > 128 || !changeSetName.matches(NAME_PATTERN)) {
            throw new ValidationException("1 validation error detected: Value '" + changeSetName + "' at "
                    + "'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + NAME_PATTERN);
        }
        String description = call.form().get("Description");
        if (description != null && description.length() > 1024) {
            throw new ValidationException("1 validation error detected: Value at 'description' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 1024");
        }
        String type = call.form().get("ChangeSetType") == null ? "UPDATE" : call.form().get("ChangeSetType");
        StoredStack existing = live(call.scope(), name);
        switch (type) {
            case "CREATE" -> {
                if (existing != null) {
                    throw new QueryError(400, "AlreadyExistsException", "Stack [" + name + "] already exists and "
                            + "cannot be created again with the changeSet [" + changeSetName + "].");
                }
            }
            case "UPDATE" -> {
                if (existing == null) {
                    throw new ValidationException("Stack [" + name + "] does not exist");
                }
            }
            default -> throw new ValidationException("1 validation error detected: Value '" + type + "' at "
                    + "'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[UPDATE, IMPORT, CREATE]");
        }
        String stackName = existing != null ? existing.name() : name;
        if (stacks.changeSet(call.scope(), changeSetName, stackName).isPresent()) {
            throw new QueryError(400, "AlreadyExistsException", "ChangeSet " + changeSetName + " already exists");
        }
        StackStore.StoredChangeSet changeSet = stacks.createChangeSet(new StackEngine.DeployRequest(call.scope(),
                stackName, templateBody(call, name), parameters(call, name), false, authority(call)), changeSetName, type,
                description);
        return call.answer(xml -> xml.element("Id", changeSet.changeSetId())
                .element("StackId", existing != null ? existing.stackId() : null));
    }

    private StackStore.StoredChangeSet changeSet(Call call) {
        String nameOrId = call.form().required("ChangeSetName");
        String stackName = call.form().get("StackName");
        StoredStack stack = stackName == null ? null : live(call.scope(), stackName);
        StackStore.StoredChangeSet found = stacks.changeSet(call.scope(), nameOrId,
                stack != null ? stack.name() : stackName).orElseThrow(() -> new QueryError(404, "ChangeSetNotFound",
                        "ChangeSet [" + nameOrId + "] does not exist"));
        authorize(call, found.stackName());
        return found;
    }

    private byte[] describeChangeSet(Call call) {
        StackStore.StoredChangeSet changeSet = changeSet(call);
        StoredStack stack = live(call.scope(), changeSet.stackName());
        List<ResourceChange> changes = StackEngine.changes(changeSet);
        return call.answer(xml -> {
            xml.element("ChangeSetName", changeSet.name()).element("ChangeSetId", changeSet.changeSetId())
                    .element("StackId", stack == null ? null : stack.stackId())
                    .element("StackName", changeSet.stackName()).element("Description", changeSet.description());
            xml.open("Parameters");
            StackEngine.shownParameters(changeSet).forEach((key, value) -> xml.open("member").element("ParameterKey", key)
                    .element("ParameterValue", value).close("member"));
            xml.close("Parameters");
            xml.element("CreationTime", changeSet.createdAt())
                    .element("ExecutionStatus", changeSet.status().equals("FAILED") ? "UNAVAILABLE" : "AVAILABLE")
                    .element("Status", changeSet.status()).element("StatusReason", changeSet.statusReason());
            xml.open("Changes");
            for (ResourceChange change : changes) {
                xml.open("member").element("Type", "Resource").open("ResourceChange")
                        .element("Action", change.action()).element("LogicalResourceId", change.logicalId())
                        .element("PhysicalResourceId", change.physicalId()).element("ResourceType", change.type())
                        .element("Replacement", change.replacement());
                xml.open("Scope");
                change.scope().forEach(scope -> xml.element("member", scope));
                xml.close("Scope").open("Details");
                for (ResourceChange.Detail detail : change.details()) {
                    xml.open("member").open("Target").element("Attribute", detail.attribute())
                            .element("Name", detail.name()).element("RequiresRecreation", detail.requiresRecreation())
                            .close("Target").element("Evaluation", detail.evaluation())
                            .element("ChangeSource", detail.changeSource())
                            .element("CausingEntity", detail.causingEntity()).close("member");
                }
                xml.close("Details").close("ResourceChange").close("member");
            }
            xml.close("Changes");
        });
    }

    private byte[] executeChangeSet(Call call) {
        StackStore.StoredChangeSet changeSet = changeSet(call);
        if (changeSet.status().equals("FAILED")) {
            throw new QueryError(400, "InvalidChangeSetStatus", "ChangeSet [" + changeSet.changeSetId() + "] cannot "
                    + "be executed in its current status of [FAILED]");
        }
        // The role the change set was created with: passing it is checked again, for whoever executes it.
        stacks.execute(call.scope(), changeSet, authority(call, changeSet.roleArn()));
        return call.answer(xml -> { });
    }

    private byte[] deleteChangeSet(Call call) {
        StackStore.StoredChangeSet changeSet = changeSet(call);
        stacks.deleteChangeSet(changeSet);
        return call.answer(xml -> { });
    }
}
