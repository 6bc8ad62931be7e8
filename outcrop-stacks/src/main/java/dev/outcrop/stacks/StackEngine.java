package dev.outcrop.stacks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.stack.StackStore;
import dev.outcrop.stack.StackStore.StoredResource;
import dev.outcrop.stack.StackStore.StoredStack;
import dev.outcrop.stacks.template.Intrinsics;
import dev.outcrop.stacks.template.Limits;
import dev.outcrop.stacks.template.PseudoParameters;
import dev.outcrop.stacks.template.SsmParameters;
import dev.outcrop.stacks.template.Template;
import dev.outcrop.util.JsonMappers;
import dev.outcrop.util.Utf8;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies templates to stacks as CloudFormation does: creates a stack's resources in dependency order and rolls
 * them back when one fails ({@code ROLLBACK_COMPLETE}); updates a stack by adding, changing in place, replacing
 * and removing resources, rolling back to the previous state when a step fails
 * ({@code UPDATE_ROLLBACK_COMPLETE}); deletes in reverse order. Every step is an event.
 */
public final class StackEngine {
    private static final Logger log = LoggerFactory.getLogger(StackEngine.class);
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final Set<String> UPDATABLE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE");

    /**
     * The authority of a context made only to read a resource's sealed secrets again from stored state: it makes no
     * resource operation, so it allows none.
     */
    private static final StackAuthority READING = (action, resource) -> {
        throw new IllegalStateException("reading a stack's stored state performs no " + action);
    };

    private final StackStore store;
    private final ResourceProviders providers;
    private final SsmParameters ssm;
    private final Clock clock;

    /** Creates the engine over the stored stacks and the providers of the types served. */
    public StackEngine(StackStore store, ResourceProviders providers, SsmParameters ssm, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.providers = requireNonNull(providers, "providers");
        this.ssm = requireNonNull(ssm, "ssm");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * What to deploy: a template and its parameters to a stack of the scope's account and region, applied with
     * {@code authority}'s permissions (the caller's, a service role's, or the local operator's).
     */
    public record DeployRequest(RequestScope scope, String stackName, String templateBody,
                                Map<String, String> parameters, boolean skipUnsupported, StackAuthority authority) {
        /** Copies the map. */
        public DeployRequest {
            parameters = Map.copyOf(parameters);
            requireNonNull(authority, "authority");
        }
    }

    /**
     * Creates the stack, or updates it when a live one has the name.
     *
     * @return the stack as the operation left it (a failed one rolled back, with the reason)
     * @throws ValidationException when the template or parameters are refused (nothing is applied), the stack
     *         cannot be updated in its status, or the update changes nothing ({@code No updates are to be performed.})
     */
    public StoredStack deploy(DeployRequest request) {
        Limits.stackName(request.stackName());
        Optional<StoredStack> existing = store.stack(request.scope().accountId(), request.scope().region(),
                request.stackName());
        return existing.isPresent() ? update(request, existing.get()) : create(request);
    }

    // ---- create

    private StoredStack create(DeployRequest request) {
        RequestScope scope = request.scope();
        String stackId = "arn:" + scope.partition() + ":cloudformation:" + scope.region() + ":" + scope.accountId()
                + ":stack/" + request.stackName() + "/" + UUID.randomUUID();
        PreparedTemplate prepared = prepare(request, stackId, request.templateBody(), request.parameters());
        StoredStack stack = new StoredStack(stackId, scope.accountId(), scope.region(), request.stackName(),
                "CREATE_IN_PROGRESS", "User Initiated", prepared.template().description(), request.templateBody(),
                json(prepared.parameters().given()), "{}", clock.instant(), clock.instant(),
                request.authority().roleArn());
        if (!store.createStack(stack)) {
            throw new ValidationException("Stack [" + request.stackName() + "] already exists");
        }
        stackEvent(stack, "CREATE_IN_PROGRESS", "User Initiated");
        LiveResources live = new LiveResources(prepared, name -> store.exportValue(scope.accountId(), scope.region(), name));
        List<String> created = new ArrayList<>();
        try {
            for (String id : prepared.graph().order()) {
                if (prepared.skipped().contains(id)) {
                    skip(stack, prepared, id);
                    continue;
                }
                createResource(stack, prepared, live, id, "CREATE", request.authority());
                created.add(id);
            }
            stack = finish(stack, prepared, live, "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
            store.replaceImports(scope.accountId(), scope.region(), stack.stackId(), live.imported());
            return stack;
        } catch (StepFailed failed) {
            StoredStack rolling = moveTo(stack, "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS",
                    "The following resource(s) failed to create: [" + failed.logicalId + "]. Rollback requested by user.");
            boolean clean = deleteAll(rolling, prepared, live, created.reversed(), request.authority());
            return moveTo(rolling, "ROLLBACK_IN_PROGRESS", clean ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED",
                    failed.reason);
        }
    }

    // ---- update

    private StoredStack update(DeployRequest request, StoredStack stack) {
        if (!UPDATABLE.contains(stack.status())) {
            throw new ValidationException("Stack:" + stack.stackId() + " is in " + stack.status()
                    + " state and can not be updated.");
        }
        PreparedTemplate prepared = prepare(request, stack.stackId(), request.templateBody(), request.parameters());
        if (stack.templateBody().equals(request.templateBody())
                && stack.parametersJson().equals(json(prepared.parameters().given()))) {
            throw new ValidationException("No updates are to be performed.");
        }
        PreparedTemplate previous = prepare(request, stack.stackId(), stack.templateBody(), readMap(stack.parametersJson()));
        Map<String, LiveResources.Live> before = loadLive(stack);
        // The update acts with the role it was given (or as its caller): that is the role the stack shows now.
        StoredStack updating = moveTo(new StoredStack(stack.stackId(), stack.accountId(), stack.region(), stack.name(),
                stack.status(), stack.statusReason(), stack.description(), stack.templateBody(), stack.parametersJson(),
                stack.outputsJson(), stack.createdAt(), stack.updatedAt(), request.authority().roleArn()),
                stack.status(), "UPDATE_IN_PROGRESS", "User Initiated");
        LiveResources live = new LiveResources(prepared, name -> store.exportValue(stack.accountId(), stack.region(), name));
        before.forEach(live::put);
        List<Step> done = new ArrayList<>();
        Set<String> replacedOld = new HashSet<>();
        try {
            for (String id : prepared.graph().order()) {
                if (prepared.skipped().contains(id)) {
                    if (!before.containsKey(id)) {
                        skip(updating, prepared, id);
                    }
                    continue;
                }
                done.add(updateResource(updating, prepared, live, before, id, replacedOld, request.authority()));
            }
            Map<String, String> exportsBefore = store.exports(stack.stackId());
            updating = finishOutputs(updating, prepared, live, request.templateBody());
            exportsInUse(updating, exportsBefore, store.exports(stack.stackId()));
            store.replaceImports(stack.accountId(), stack.region(), stack.stackId(), live.imported());
            StoredStack cleaning = moveTo(updating, "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
            // Replaced resources' old selves and removed resources go last, newest dependents first.
            for (String id : previous.graph().order().reversed()) {
                LiveResources.Live old = before.get(id);
                if (old == null) {
                    continue;
                }
                boolean removed = !prepared.graph().order().contains(id) || prepared.skipped().contains(id);
                if (removed || replacedOld.contains(id)) {
                    deleteResource(cleaning, previous, id, old, removed, request.authority());
                }
            }
            return moveTo(cleaning, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE", null);
        } catch (StepFailed failed) {
            StoredStack rolling = moveTo(updating, "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS",
                    "The following resource(s) failed to update: [" + failed.logicalId + "].");
            boolean clean = rollBack(rolling, previous, done.reversed(), request.authority());
            StoredStack restored = new StoredStack(rolling.stackId(), rolling.accountId(), rolling.region(),
                    rolling.name(), rolling.status(), rolling.statusReason(), stack.description(), stack.templateBody(),
                    stack.parametersJson(), stack.outputsJson(), rolling.createdAt(), rolling.updatedAt(),
                    stack.roleArn());
            store.replaceExports(stack.accountId(), stack.region(), stack.stackId(), exportsOf(stack.outputsJson()));
            return moveTo(restored, "UPDATE_ROLLBACK_IN_PROGRESS",
                    clean ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED", failed.reason);
        }
    }

    /** What an update did to one resource, to be undone by a rollback. */
    private record Step(String logicalId, String kind, LiveResources.Live before, LiveResources.Live after) {}

    private Step updateResource(StoredStack stack, PreparedTemplate prepared, LiveResources live,
                                Map<String, LiveResources.Live> before, String id, Set<String> replacedOld,
                                StackAuthority authority) {
        Template.ResourceDeclaration declared = prepared.template().resources().get(id);
        LiveResources.Live old = before.get(id);
        if (old == null) {
            createResource(stack, prepared, live, id, "CREATE", authority);
            return new Step(id, "Add", null, live.get(id).orElseThrow());
        }
        ObjectNode properties = evaluate(stack, prepared, live, id);
        ResourceProvider provider = providers.of(declared.type()).orElseThrow();
        ResourceContext context = context(stack, prepared, id, authority);
        if (old.type().equals(declared.type()) && old.properties().equals(properties)
                && !provider.metadataChanged(context, old.provisioned())) {
            return new Step(id, "None", old, old);
        }
        boolean replace = !old.type().equals(declared.type()) || changedKeys(old.properties(), properties).stream()
                .anyMatch(provider.replacedBy()::contains);
        event(stack, id, old.provisioned().physicalId(), declared.type(), "UPDATE_IN_PROGRESS",
                replace ? "Requested update requires the creation of a new physical resource; hence creating one." : null);
        try {
            Provisioned result = replace ? provider.create(context, properties)
                    : provider.update(context, old.provisioned(), old.properties(), properties);
            LiveResources.Live now = new LiveResources.Live(declared.type(), result, properties);
            live.put(id, now);
            saveResource(stack, id, now, "UPDATE_COMPLETE", null);
            event(stack, id, result.physicalId(), declared.type(), "UPDATE_COMPLETE", null);
            if (replace) {
                replacedOld.add(id);
            }
            return new Step(id, replace ? "Replace" : "Modify", old, now);
        } catch (RuntimeException e) {
            throw failed(stack, id, old.provisioned().physicalId(), declared.type(), "UPDATE_FAILED", e);
        }
    }

    private boolean rollBack(StoredStack stack, PreparedTemplate previous, List<Step> steps,
                             StackAuthority authority) {
        boolean clean = true;
        for (Step step : steps) {
            try {
                ResourceProvider provider = providers.of(step.after().type()).orElseThrow();
                ResourceContext context = context(stack, previous, step.logicalId(), authority);
                switch (step.kind()) {
                    case "Add" -> {
                        provider.delete(context, step.after().provisioned(), step.after().properties());
                        store.deleteResource(stack.stackId(), step.logicalId());
                        event(stack, step.logicalId(), step.after().provisioned().physicalId(), step.after().type(),
                                "DELETE_COMPLETE", null);
                    }
                    case "Modify" -> {
                        provider.update(context, step.after().provisioned(), step.after().properties(),
                                step.before().properties());
                        saveResource(stack, step.logicalId(), step.before(), "UPDATE_COMPLETE", null);
                        event(stack, step.logicalId(), step.before().provisioned().physicalId(), step.before().type(),
                                "UPDATE_COMPLETE", null);
                    }
                    case "Replace" -> {
                        provider.delete(context, step.after().provisioned(), step.after().properties());
                        saveResource(stack, step.logicalId(), step.before(), "UPDATE_COMPLETE", null);
                        event(stack, step.logicalId(), step.before().provisioned().physicalId(), step.before().type(),
                                "UPDATE_COMPLETE", null);
                    }
                    default -> { }
                }
            } catch (RuntimeException e) {
                clean = false;
                log.warn("stack {}: rolling back {} failed: {}", stack.name(), step.logicalId(),
                        redact(stack, e.toString()));
                event(stack, step.logicalId(), step.after().provisioned().physicalId(), step.after().type(),
                        "UPDATE_FAILED", reason(e));
            }
        }
        return clean;
    }

    // ---- planning

    /**
     * The changes deploying {@code request} would make, computed without applying anything (a change set): every
     * resource added for a new stack; for an existing one each resource added, modified (whether it is replaced,
     * and which properties change) or removed. A property that refers to a resource being added or replaced is
     * known only once that happened: its change is {@code Dynamic}, and a replacement it may cause
     * {@code Conditional}.
     *
     * @throws ValidationException when the template or parameters are refused
     */
    public List<ResourceChange> plan(DeployRequest request) {
        RequestScope scope = request.scope();
        Optional<StoredStack> existing = store.stack(scope.accountId(), scope.region(), request.stackName());
        String stackId = existing.map(StoredStack::stackId).orElse("arn:" + scope.partition() + ":cloudformation:"
                + scope.region() + ":" + scope.accountId() + ":stack/" + request.stackName() + "/planned");
        PreparedTemplate prepared = prepare(request, stackId, request.templateBody(), request.parameters());
        List<ResourceChange> changes = new ArrayList<>();
        Map<String, LiveResources.Live> before = existing.isPresent() ? loadLive(existing.get()) : Map.of();
        Set<String> pending = new HashSet<>();
        LiveResources live = new LiveResources(prepared, name -> store.exportValue(scope.accountId(), scope.region(),
                name));
        before.forEach(live::put);
        for (String id : prepared.graph().order()) {
            String type = prepared.template().resources().get(id).type();
            LiveResources.Live old = before.get(id);
            if (prepared.skipped().contains(id)) {
                continue;
            }
            if (old == null) {
                pending.add(id);
                changes.add(new ResourceChange("Add", id, null, type, null, List.of(), List.of()));
                continue;
            }
            Map<String, String> causes = new LinkedHashMap<>();
            ObjectNode properties = planned(prepared, live, pending, causes, id);
            ResourceChange change = modification(id, old, type, properties, causes);
            if (change != null) {
                changes.add(change);
                if (!"False".equals(change.replacement())) {
                    pending.add(id);
                }
            }
        }
        for (Map.Entry<String, LiveResources.Live> old : before.entrySet()) {
            if (!prepared.graph().order().contains(old.getKey()) || prepared.skipped().contains(old.getKey())) {
                changes.add(new ResourceChange("Remove", old.getKey(), old.getValue().provisioned().physicalId(),
                        old.getValue().type(), null, List.of(), List.of()));
            }
        }
        return changes;
    }

    /** A resource's properties as they would be; what refers to a pending resource is a marker naming it. */
    private ObjectNode planned(PreparedTemplate prepared, LiveResources live, Set<String> pending,
                               Map<String, String> causes, String id) {
        Intrinsics.References references = new Intrinsics.References() {
            @Override
            public Optional<JsonNode> resource(String logicalId, String where) {
                if (pending.contains(logicalId)) {
                    return Optional.of(JSON.getNodeFactory().textNode(marker(causes, logicalId)));
                }
                return live.resource(logicalId, where);
            }

            @Override
            public JsonNode attribute(String logicalId, String attribute, String where) {
                return pending.contains(logicalId) ? JSON.getNodeFactory().textNode(marker(causes, logicalId))
                        : live.attribute(logicalId, attribute, where);
            }

            @Override
            public boolean condition(String name, String where) {
                return live.condition(name, where);
            }

            @Override
            public JsonNode importValue(String name, String where) {
                return live.importValue(name, where);
            }
        };
        Intrinsics intrinsics = new Intrinsics(prepared.template().mappings(), prepared.parameters().values(),
                prepared.pseudo(), references);
        return (ObjectNode) intrinsics.evaluate(prepared.template().resources().get(id).properties(),
                "Resources." + id + ".Properties");
    }

    private static String marker(Map<String, String> causes, String logicalId) {
        String marker = "{{outcrop:pending:" + logicalId + "}}";
        causes.put(marker, logicalId);
        return marker;
    }

    private ResourceChange modification(String id, LiveResources.Live old, String type, ObjectNode properties,
                                        Map<String, String> causes) {
        if (old.type().equals(type) && old.properties().equals(properties)) {
            return null;
        }
        Set<String> replacedBy = providers.of(type).map(ResourceProvider::replacedBy).orElse(Set.of());
        List<ResourceChange.Detail> details = new ArrayList<>();
        Set<String> scope = new java.util.LinkedHashSet<>();
        boolean surely = !old.type().equals(type);
        boolean maybe = false;
        for (String key : changedKeys(old.properties(), properties)) {
            String text = properties.has(key) ? properties.get(key).toString() : "";
            String cause = causes.entrySet().stream().filter(c -> text.contains(c.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            boolean replaces = replacedBy.contains(key);
            String attribute = key.equals("Tags") ? "Tags" : "Properties";
            scope.add(attribute);
            details.add(new ResourceChange.Detail(attribute, key, replaces ? "Always" : "Never",
                    cause == null ? "Static" : "Dynamic", cause == null ? "DirectModification" : "ResourceReference",
                    cause));
            surely |= replaces && cause == null;
            maybe |= replaces && cause != null;
        }
        return new ResourceChange("Modify", id, old.provisioned().physicalId(), type,
                surely ? "True" : maybe ? "Conditional" : "False", List.copyOf(scope), details);
    }

    // ---- change sets

    /** The most change sets a region keeps awaiting execution. */
    public static final int MAX_CHANGE_SETS = 1000;

    /**
     * Computes and keeps a change set of {@code request} ({@code CREATE} for a new stack, {@code UPDATE} for a live
     * one); one that changes nothing is kept {@code FAILED}, as CloudFormation keeps it.
     *
     * @throws ValidationException when the template or parameters are refused, or too many change sets wait
     */
    public StackStore.StoredChangeSet createChangeSet(DeployRequest request, String name, String type,
                                                      String description) {
        RequestScope scope = request.scope();
        if (store.changeSetCount(scope.accountId(), scope.region()) >= MAX_CHANGE_SETS) {
            throw new ValidationException("Too many change sets (" + MAX_CHANGE_SETS + ") await execution in "
                    + scope.region() + "; execute or delete some first.");
        }
        Optional<StoredStack> existing = store.stack(scope.accountId(), scope.region(), request.stackName());
        List<ResourceChange> changes = plan(request);
        String status = "CREATE_COMPLETE";
        String reason = null;
        if (existing.isPresent() && existing.get().templateBody().equals(request.templateBody())
                && existing.get().parametersJson().equals(json(prepare(request, existing.get().stackId(),
                        request.templateBody(), request.parameters()).parameters().given()))) {
            status = "FAILED";
            reason = "The submitted information didn't contain changes. Submit different information to create a "
                    + "change set.";
        }
        String id = "arn:" + scope.partition() + ":cloudformation:" + scope.region() + ":" + scope.accountId()
                + ":changeSet/" + name + "/" + UUID.randomUUID();
        StackStore.StoredChangeSet changeSet = new StackStore.StoredChangeSet(id, scope.accountId(), scope.region(),
                name, request.stackName(), existing.map(StoredStack::stackId).orElse(null), type,
                request.templateBody(), json(request.parameters()), status, reason, description, json(changes),
                clock.instant(), request.authority().roleArn());
        store.putChangeSet(changeSet);
        return changeSet;
    }

    /** The change set with this id, or with this name on the stack {@code stackName}. */
    public Optional<StackStore.StoredChangeSet> changeSet(RequestScope scope, String nameOrId, String stackName) {
        if (nameOrId.startsWith("arn:")) {
            return store.changeSet(scope.accountId(), nameOrId);
        }
        return stackName == null ? Optional.empty()
                : store.changeSet(scope.accountId(), scope.region(), stackName, nameOrId);
    }

    /** The changes a change set lists. */
    public static List<ResourceChange> changes(StackStore.StoredChangeSet changeSet) {
        try {
            return List.of(JSON.readValue(changeSet.changesJson(), ResourceChange[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored change set does not parse", e);
        }
    }

    /** The parameters a change set deploys. */
    public static Map<String, String> parameters(StackStore.StoredChangeSet changeSet) {
        return readMap(changeSet.parametersJson());
    }

    /** The parameters a change set deploys as it is shown: {@code NoEcho} ones masked. */
    public static Map<String, String> shownParameters(StackStore.StoredChangeSet changeSet) {
        return masked(changeSet.templateBody(), parameters(changeSet));
    }

    /** A stack's parameters as they are shown (describe-stacks, the admin API, the CLI): {@code NoEcho} ones masked. */
    public static Map<String, String> shownParameters(StoredStack stack) {
        return masked(stack.templateBody(), readMap(stack.parametersJson()));
    }

    private static Map<String, String> masked(String templateBody, Map<String, String> values) {
        Map<String, String> shown = new LinkedHashMap<>(values);
        Map<String, dev.outcrop.stacks.template.ParameterDeclaration> declared = Template.parse(templateBody)
                .parameters();
        shown.replaceAll((key, value) -> declared.containsKey(key) && declared.get(key).noEcho()
                ? dev.outcrop.stacks.template.ParameterValues.MASK : value);
        return shown;
    }

    /**
     * {@code text} (an event's reason, a log line) with every {@code NoEcho} parameter value of the stack masked: a
     * refused property names its value, and a value given as NoEcho is shown nowhere.
     */
    private static String redact(StoredStack stack, String text) {
        if (text == null) {
            return null;
        }
        Map<String, String> values = readMap(stack.parametersJson());
        Map<String, String> shown;
        try {
            shown = masked(stack.templateBody(), values);
        } catch (RuntimeException unreadable) {
            return text;
        }
        String redacted = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (!value.getValue().isEmpty() && !value.getValue().equals(shown.get(value.getKey()))) {
                redacted = redacted.replace(value.getValue(), dev.outcrop.stacks.template.ParameterValues.MASK);
            }
        }
        return redacted;
    }

    /** Forgets a change set; false when there was none. */
    public boolean deleteChangeSet(StackStore.StoredChangeSet changeSet) {
        return store.deleteChangeSet(changeSet.changeSetId());
    }

    /**
     * Executes a change set: deploys what it holds, once (another node executing it at the same time finds it gone).
     *
     * @throws ValidationException when it was executed or deleted meanwhile
     */
    public StoredStack execute(RequestScope scope, StackStore.StoredChangeSet changeSet, StackAuthority authority) {
        if (!store.deleteChangeSet(changeSet.changeSetId())) {
            throw new ValidationException("ChangeSet [" + changeSet.changeSetId() + "] does not exist");
        }
        return deploy(new DeployRequest(scope, changeSet.stackName(), changeSet.templateBody(),
                parameters(changeSet), false, authority));
    }

    // ---- delete

    /**
     * Deletes a stack's resources in reverse dependency order, then the stack ({@code DELETE_COMPLETE}); a
     * resource that cannot be deleted leaves the stack {@code DELETE_FAILED}.
     */
    public StoredStack delete(RequestScope scope, String nameOrId, StackAuthority authority) {
        StoredStack stack = describe(scope, nameOrId);
        if (stack.status().equals(StackStore.DELETE_COMPLETE)) {
            return stack;
        }
        if (stack.status().endsWith("_IN_PROGRESS")) {
            throw new ValidationException("Stack:" + stack.stackId() + " is in " + stack.status()
                    + " state and can not be deleted now.");
        }
        for (String export : store.exports(stack.stackId()).keySet()) {
            List<String> importers = importers(stack, export);
            if (!importers.isEmpty()) {
                // CloudFormation leaves the stack as it was, with the reason on an event of the stack.
                String reason = "Export " + export + " cannot be deleted as it is in use by "
                        + String.join(" and ", importers);
                stackEvent(stack, stack.status(), reason);
                throw new ValidationException(reason);
            }
        }
        Map<String, LiveResources.Live> before = loadLive(stack);
        StoredStack deleting = moveTo(stack, stack.status(), "DELETE_IN_PROGRESS", "User Initiated");
        List<String> order = new ArrayList<>();
        try {
            PreparedTemplate prepared = prepare(new DeployRequest(scope, stack.name(), stack.templateBody(), Map.of(),
                    true, authority), stack.stackId(), stack.templateBody(), readMap(stack.parametersJson()));
            prepared.graph().order().reversed().stream().filter(before::containsKey).forEach(order::add);
            PreparedTemplate context = prepared;
            before.keySet().stream().filter(id -> !order.contains(id)).forEach(order::addFirst);
            boolean clean = true;
            for (String id : order) {
                clean &= deleteResource(deleting, context, id, before.get(id), true, authority);
            }
            if (!clean) {
                return moveTo(deleting, "DELETE_IN_PROGRESS", "DELETE_FAILED",
                        "The following resource(s) failed to delete: " + store.resources(stack.stackId()).stream()
                                .map(StoredResource::logicalId).toList() + ".");
            }
        } catch (ValidationException e) {
            // The stored template no longer prepares (a provider gone): delete in reverse creation order instead.
            List<String> reverse = new ArrayList<>(before.keySet()).reversed();
            for (String id : reverse) {
                deleteResource(deleting, null, id, before.get(id), true, authority);
            }
        }
        store.replaceExports(stack.accountId(), stack.region(), stack.stackId(), Map.of());
        store.replaceImports(stack.accountId(), stack.region(), stack.stackId(), Set.of());
        return moveTo(deleting, "DELETE_IN_PROGRESS", StackStore.DELETE_COMPLETE, null);
    }

    // ---- reading

    /** The stack with this name (live) or id. */
    public StoredStack describe(RequestScope scope, String nameOrId) {
        return store.stack(scope.accountId(), scope.region(), nameOrId).orElseThrow(() ->
                new ValidationException("Stack with id " + nameOrId + " does not exist"));
    }

    /** The stacks of the scope's account and region, deleted ones included. */
    public List<StoredStack> list(RequestScope scope) {
        return store.stacks(scope.accountId(), scope.region());
    }

    /** The resources of a stack. */
    public List<StoredResource> resources(RequestScope scope, String nameOrId) {
        return store.resources(describe(scope, nameOrId).stackId());
    }

    /** The events of a stack, newest first. */
    public List<StackStore.StackEvent> events(RequestScope scope, String nameOrId) {
        return store.events(describe(scope, nameOrId).stackId());
    }

    /** The resource of a stack with this logical id. */
    public StoredResource resource(RequestScope scope, String nameOrId, String logicalId) {
        return resources(scope, nameOrId).stream().filter(r -> r.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("Resource " + logicalId + " does not exist for stack "
                        + nameOrId));
    }

    // ---- steps

    private PreparedTemplate prepare(DeployRequest request, String stackId, String body, Map<String, String> given) {
        RequestScope scope = request.scope();
        return PreparedTemplate.prepare(body, given, new PseudoParameters(scope.region(), scope.accountId(),
                scope.partition(), stackId, request.stackName()), ssm, providers, request.skipUnsupported());
    }

    private void createResource(StoredStack stack, PreparedTemplate prepared, LiveResources live, String id,
                                String verb, StackAuthority authority) {
        Template.ResourceDeclaration declared = prepared.template().resources().get(id);
        ObjectNode properties = evaluate(stack, prepared, live, id);
        event(stack, id, "", declared.type(), verb + "_IN_PROGRESS", null);
        try {
            Provisioned result = providers.of(declared.type()).orElseThrow()
                    .create(context(stack, prepared, id, authority), properties);
            LiveResources.Live now = new LiveResources.Live(declared.type(), result, properties);
            live.put(id, now);
            saveResource(stack, id, now, verb + "_COMPLETE", null);
            event(stack, id, result.physicalId(), declared.type(), verb + "_COMPLETE", null);
        } catch (RuntimeException e) {
            throw failed(stack, id, "", declared.type(), verb + "_FAILED", e);
        }
    }

    private ObjectNode evaluate(StoredStack stack, PreparedTemplate prepared, LiveResources live, String id) {
        Template.ResourceDeclaration declared = prepared.template().resources().get(id);
        try {
            Intrinsics intrinsics = new Intrinsics(prepared.template().mappings(), prepared.parameters().values(),
                    prepared.pseudo(), live);
            JsonNode value = intrinsics.evaluate(declared.properties(), "Resources." + id + ".Properties");
            return (ObjectNode) value;
        } catch (RuntimeException e) {
            throw failed(stack, id, "", declared.type(), "CREATE_FAILED", e);
        }
    }

    private void skip(StoredStack stack, PreparedTemplate prepared, String id) {
        String type = prepared.template().resources().get(id).type();
        String reason = "Outcrop does not serve " + type + ": skipped (--skip-unsupported)";
        store.putResource(stack.stackId(), new StoredResource(id, type, "", "SKIPPED", reason, "{}", "{}",
                clock.instant()));
        event(stack, id, "", type, "SKIPPED", reason);
    }

    private boolean deleteAll(StoredStack stack, PreparedTemplate prepared, LiveResources live, List<String> ids,
                              StackAuthority authority) {
        boolean clean = true;
        for (String id : ids) {
            LiveResources.Live resource = live.get(id).orElse(null);
            if (resource != null) {
                clean &= deleteResource(stack, prepared, id, resource, true, authority);
            }
        }
        return clean;
    }

    /** Deletes one resource; {@code forget} also drops its row (not when an old self of a replaced one goes). */
    private boolean deleteResource(StoredStack stack, PreparedTemplate prepared, String id, LiveResources.Live resource,
                                   boolean forget, StackAuthority authority) {
        if (resource.provisioned().physicalId().isEmpty()) { // a skipped one
            if (forget) {
                store.deleteResource(stack.stackId(), id);
            }
            return true;
        }
        Template.ResourceDeclaration declared = prepared == null ? null : prepared.template().resources().get(id);
        boolean retain = declared != null && declared.deletionPolicy().startsWith("Retain");
        event(stack, id, resource.provisioned().physicalId(), resource.type(), "DELETE_IN_PROGRESS", null);
        try {
            if (!retain) {
                providers.of(resource.type()).orElseThrow(() -> new ValidationException("Outcrop no longer serves "
                        + resource.type())).delete(new ResourceContext(scope(stack), stack.name(), stack.stackId(), id,
                        declared == null ? JSON.createObjectNode() : declared.metadata(), authority),
                        resource.provisioned(),
                        resource.properties());
            }
            if (forget) {
                store.deleteResource(stack.stackId(), id);
            }
            event(stack, id, resource.provisioned().physicalId(), resource.type(),
                    retain ? "DELETE_SKIPPED" : "DELETE_COMPLETE", null);
            return true;
        } catch (RuntimeException e) {
            log.warn("stack {}: deleting {} failed: {}", stack.name(), id, redact(stack, e.toString()));
            saveResource(stack, id, resource, "DELETE_FAILED", redact(stack, reason(e)));
            event(stack, id, resource.provisioned().physicalId(), resource.type(), "DELETE_FAILED", reason(e));
            return false;
        }
    }

    private StoredStack finish(StoredStack stack, PreparedTemplate prepared, LiveResources live, String from,
                               String to) {
        return moveTo(finishOutputs(stack, prepared, live, stack.templateBody()), from, to, null);
    }

    /** Evaluates the outputs and publishes the exports; a failure here is the stack's failure. */
    private StoredStack finishOutputs(StoredStack stack, PreparedTemplate prepared, LiveResources live, String body) {
        Intrinsics intrinsics = new Intrinsics(prepared.template().mappings(), prepared.parameters().values(),
                prepared.pseudo(), live);
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        Map<String, String> exports = new LinkedHashMap<>();
        try {
            for (Template.OutputDeclaration output : prepared.template().outputs().values()) {
                if (!prepared.conditions().includes(output.condition())) {
                    continue;
                }
                String where = "Outputs." + output.logicalId();
                JsonNode value = intrinsics.evaluate(output.value(), where + ".Value");
                Map<String, String> shown = new LinkedHashMap<>();
                shown.put("OutputValue", value.isArray() ? join(value) : value.asText());
                if (Utf8.length(shown.get("OutputValue")) > Limits.MAX_OUTPUT_VALUE_BYTES) {
                    throw Intrinsics.error(where + ".Value", "the output's value is longer than "
                            + Limits.MAX_OUTPUT_VALUE_BYTES + " bytes");
                }
                if (output.description() != null) {
                    shown.put("Description", output.description());
                }
                if (output.exportName() != null) {
                    String name = intrinsics.evaluate(output.exportName(), where + ".Export.Name").asText();
                    shown.put("ExportName", name);
                    exports.put(name, shown.get("OutputValue"));
                }
                outputs.put(output.logicalId(), shown);
            }
        } catch (BedrockException e) {
            throw failed(stack, stack.name(), stack.stackId(), "AWS::CloudFormation::Stack", "UPDATE_FAILED", e);
        }
        Map<String, String> secrets = secretValues(stack);
        for (Map.Entry<String, String> export : exports.entrySet()) {
            if (!seal(JSON.getNodeFactory().textNode(export.getValue()), secrets).asText().equals(export.getValue())) {
                throw failed(stack, stack.name(), stack.stackId(), "AWS::CloudFormation::Stack", "UPDATE_FAILED",
                        new ValidationException("Export " + export.getKey() + " holds a secret attribute "
                                + "(SecretAccessKey): a secret is not exported to other stacks"));
            }
        }
        Optional<String> taken = store.replaceExports(stack.accountId(), stack.region(), stack.stackId(), exports);
        if (taken.isPresent()) {
            throw failed(stack, stack.name(), stack.stackId(), "AWS::CloudFormation::Stack", "UPDATE_FAILED",
                    new ValidationException("Export with name " + taken.get() + " is already exported by another "
                            + "stack"));
        }
        return new StoredStack(stack.stackId(), stack.accountId(), stack.region(), stack.name(), stack.status(),
                stack.statusReason(), prepared.template().description(),
                body,
                json(prepared.parameters().given()), seal(JSON.valueToTree(outputs), secrets).toString(),
                stack.createdAt(), stack.updatedAt(), stack.roleArn());
    }

    /** The other live stacks that import {@code export}. */
    private List<String> importers(StoredStack stack, String export) {
        return store.importers(stack.accountId(), stack.region(), export).stream()
                .filter(name -> !name.equals(stack.name())).toList();
    }

    /**
     * Fails an update that removes or changes an export another stack imports (the exports are put back by the
     * rollback), in CloudFormation's words.
     */
    private void exportsInUse(StoredStack stack, Map<String, String> before, Map<String, String> after) {
        for (Map.Entry<String, String> export : before.entrySet()) {
            String now = after.get(export.getKey());
            if (now != null && now.equals(export.getValue())) {
                continue;
            }
            List<String> importers = importers(stack, export.getKey());
            if (!importers.isEmpty()) {
                throw failed(stack, stack.name(), stack.stackId(), "AWS::CloudFormation::Stack", "UPDATE_FAILED",
                        new ValidationException("Export " + export.getKey() + " cannot be "
                                + (now == null ? "deleted" : "updated") + " as it is in use by "
                                + String.join(" and ", importers)));
            }
        }
    }

    private static String join(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(item.asText()));
        return String.join(",", items);
    }

    private StoredStack moveTo(StoredStack stack, String from, String to, String reason) {
        StoredStack next = stack.withStatus(to, reason, clock.instant());
        if (!store.transition(next, from)) {
            throw new ValidationException("Stack:" + stack.stackId() + " changed while it was being " + from
                    + ": another operation runs on it.");
        }
        stackEvent(next, to, reason);
        return next;
    }

    private Map<String, LiveResources.Live> loadLive(StoredStack stack) {
        Map<String, LiveResources.Live> live = new LinkedHashMap<>();
        Map<String, String> secrets = secretValues(stack);
        for (StoredResource resource : store.resources(stack.stackId())) {
            if (resource.status().equals("SKIPPED")) {
                continue;
            }
            ObjectNode attributes = (ObjectNode) read(resource.attributesJson());
            revealSecrets(stack, resource, attributes);
            live.put(resource.logicalId(), new LiveResources.Live(resource.type(),
                    new Provisioned(resource.physicalId(), attributes),
                    (ObjectNode) reveal(read(resource.propertiesJson()), secrets)));
        }
        return live;
    }

    /** The secret attributes stored state leaves out, read again from their service (none if it lost them). */
    private void revealSecrets(StoredStack stack, StoredResource resource, ObjectNode attributes) {
        providers.of(resource.type()).filter(p -> !p.secretAttributes().isEmpty()).ifPresent(provider -> {
            try {
                attributes.setAll(provider.secrets(new ResourceContext(scope(stack), stack.name(), stack.stackId(),
                        resource.logicalId(), JSON.createObjectNode(), READING), new Provisioned(resource.physicalId(),
                        attributes)));
            } catch (ResourceNotFoundException gone) {
                // deleted by hand: a reference to the secret fails as one to an attribute the resource lacks
            }
        });
    }

    private void saveResource(StoredStack stack, String id, LiveResources.Live resource, String status, String reason) {
        ObjectNode attributes = resource.provisioned().attributes().deepCopy();
        providers.of(resource.type()).ifPresent(p -> attributes.remove(p.secretAttributes()));
        store.putResource(stack.stackId(), new StoredResource(id, resource.type(), resource.provisioned().physicalId(),
                status, reason, seal(resource.properties(), secretValues(stack)).toString(), attributes.toString(),
                clock.instant()));
    }

    /**
     * A resource's properties as they were applied: what is stored, with each secret a property took from
     * {@code Fn::GetAtt} (a function's variable holding an access key's {@code SecretAccessKey}) read again from the
     * service that keeps it sealed; the stored properties hold a placeholder in its place.
     */
    public JsonNode appliedProperties(RequestScope scope, String nameOrId, String logicalId) {
        StoredResource resource = resource(scope, nameOrId, logicalId);
        return reveal(read(resource.propertiesJson()), secretValues(describe(scope, nameOrId)));
    }

    /**
     * The secret attribute values of the stack's resources, by the placeholder that stands for each in stored
     * properties: {@code {{outcrop:secret:LOGICAL_ID.ATTRIBUTE}}}. A placeholder names a resource of the same stack
     * only, so a template that writes one gets no more than its own {@code Fn::GetAtt} would give it.
     */
    private Map<String, String> secretValues(StoredStack stack) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StoredResource resource : store.resources(stack.stackId())) {
            if (resource.status().equals("SKIPPED")) {
                continue;
            }
            providers.of(resource.type()).filter(p -> !p.secretAttributes().isEmpty()).ifPresent(provider -> {
                ObjectNode secrets;
                try {
                    secrets = provider.secrets(new ResourceContext(scope(stack), stack.name(), stack.stackId(),
                            resource.logicalId(), JSON.createObjectNode(), READING), new Provisioned(resource.physicalId(),
                            (ObjectNode) read(resource.attributesJson())));
                } catch (ResourceNotFoundException gone) {
                    return;
                }
                secrets.properties().forEach(e -> {
                    if (e.getValue().isTextual() && !e.getValue().asText().isEmpty()) {
                        values.put("{{outcrop:secret:" + resource.logicalId() + "." + e.getKey() + "}}",
                                e.getValue().asText());
                    }
                });
            });
        }
        return values;
    }

    /** {@code value} with every secret of {@code secrets} replaced by its placeholder. */
    private static JsonNode seal(JsonNode value, Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            return value;
        }
        return mapText(value, text -> {
            String sealed = text;
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                sealed = sealed.replace(secret.getValue(), secret.getKey());
            }
            return sealed;
        });
    }

    /** {@code value} with every placeholder of {@code secrets} replaced by the secret (unknown ones left as they are). */
    private static JsonNode reveal(JsonNode value, Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            return value;
        }
        return mapText(value, text -> {
            if (!text.contains("{{outcrop:secret:")) {
                return text;
            }
            String revealed = text;
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                revealed = revealed.replace(secret.getKey(), secret.getValue());
            }
            return revealed;
        });
    }

    private static JsonNode mapText(JsonNode value, java.util.function.UnaryOperator<String> map) {
        if (value.isTextual()) {
            return JSON.getNodeFactory().textNode(map.apply(value.asText()));
        }
        if (value.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            value.properties().forEach(e -> copy.set(map.apply(e.getKey()), mapText(e.getValue(), map)));
            return copy;
        }
        if (value.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            value.forEach(item -> copy.add(mapText(item, map)));
            return copy;
        }
        return value;
    }

    private ResourceContext context(StoredStack stack, PreparedTemplate prepared, String id,
                                    StackAuthority authority) {
        return new ResourceContext(scope(stack), stack.name(), stack.stackId(), id,
                prepared.template().resources().get(id).metadata(), authority);
    }

    private static RequestScope scope(StoredStack stack) {
        return new RequestScope(stack.stackId().split(":")[1], stack.accountId(), stack.region());
    }

    private void stackEvent(StoredStack stack, String status, String reason) {
        event(stack, stack.name(), stack.stackId(), "AWS::CloudFormation::Stack", status, reason);
    }

    private void event(StoredStack stack, String logicalId, String physicalId, String type, String status,
                       String reason) {
        store.addEvent(stack.stackId(), new StackStore.StackEvent(UUID.randomUUID().toString(), logicalId, physicalId,
                type, status, redact(stack, reason), clock.instant()));
    }

    private StepFailed failed(StoredStack stack, String id, String physicalId, String type, String status,
                              RuntimeException e) {
        if (e instanceof StepFailed already) {
            return already;
        }
        String reason = redact(stack, reason(e));
        log.info("stack {}: {} {}: {}", stack.name(), id, status, reason);
        event(stack, id, physicalId, type, status, reason);
        return new StepFailed(id, reason);
    }

    private static String reason(RuntimeException e) {
        if (e instanceof dev.outcrop.error.AccessDeniedException denied) {
            return denied.getMessage(); // CloudFormation's words: "User: arn:... is not authorized to perform: ..."
        }
        return e instanceof BedrockException b ? b.errorType() + ": " + b.getMessage()
                : "Internal failure: " + e.getClass().getSimpleName();
    }

    private static List<String> changedKeys(ObjectNode before, ObjectNode after) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        return keys.stream().filter(k -> !java.util.Objects.equals(before.get(k), after.get(k))).toList();
    }

    private static Map<String, String> exportsOf(String outputsJson) {
        Map<String, String> exports = new LinkedHashMap<>();
        read(outputsJson).properties().forEach(e -> {
            if (e.getValue().has("ExportName")) {
                exports.put(e.getValue().get("ExportName").asText(), e.getValue().path("OutputValue").asText());
            }
        });
        return exports;
    }

    private static Map<String, String> readMap(String json) {
        Map<String, String> map = new LinkedHashMap<>();
        read(json).properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored stack document does not parse", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A resource failed: its event is written; the operation rolls back. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String logicalId;
        private final String reason;

        StepFailed(String logicalId, String reason) {
            super(reason, null, false, false);
            this.logicalId = logicalId;
            this.reason = reason;
        }
    }
}
