package dev.outcrop.stacks;

import dev.outcrop.stack.StackStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A stack store in memory, for the engine's tests. */
final class InMemoryStackStore implements StackStore {
    private final Map<String, StoredStack> stacks = new LinkedHashMap<>();
    private final Map<String, Map<String, StoredResource>> resources = new LinkedHashMap<>();
    private final Map<String, List<StackEvent>> events = new LinkedHashMap<>();
    private final Map<String, String[]> exports = new LinkedHashMap<>();

    @Override
    public synchronized boolean createStack(StoredStack stack) {
        if (stack(stack.accountId(), stack.region(), stack.name()).isPresent()) {
            return false;
        }
        stacks.put(stack.stackId(), stack);
        return true;
    }

    @Override
    public synchronized Optional<StoredStack> stack(String accountId, String region, String nameOrId) {
        if (stacks.containsKey(nameOrId)) {
            return Optional.of(stacks.get(nameOrId));
        }
        return stacks.values().stream().filter(s -> s.accountId().equals(accountId) && s.region().equals(region)
                && s.name().equals(nameOrId) && !s.status().equals(DELETE_COMPLETE)).findFirst();
    }

    @Override
    public synchronized List<StoredStack> stacks(String accountId, String region) {
        return new ArrayList<>(stacks.values()).reversed();
    }

    @Override
    public synchronized boolean transition(StoredStack stack, String expectedStatus) {
        if (!stacks.get(stack.stackId()).status().equals(expectedStatus)) {
            return false;
        }
        stacks.put(stack.stackId(), stack);
        return true;
    }

    @Override
    public synchronized void putResource(String stackId, StoredResource resource) {
        resources.computeIfAbsent(stackId, k -> new LinkedHashMap<>()).put(resource.logicalId(), resource);
    }

    @Override
    public synchronized void deleteResource(String stackId, String logicalId) {
        resources.getOrDefault(stackId, new LinkedHashMap<>()).remove(logicalId);
    }

    @Override
    public synchronized List<StoredResource> resources(String stackId) {
        return List.copyOf(resources.getOrDefault(stackId, Map.of()).values());
    }

    @Override
    public synchronized void addEvent(String stackId, StackEvent event) {
        events.computeIfAbsent(stackId, k -> new ArrayList<>()).addFirst(event);
    }

    @Override
    public synchronized List<StackEvent> events(String stackId) {
        return List.copyOf(events.getOrDefault(stackId, List.of()));
    }

    @Override
    public synchronized Optional<String> replaceExports(String accountId, String region, String stackId,
                                                        Map<String, String> wanted) {
        for (String name : wanted.keySet()) {
            String[] owner = exports.get(name);
            if (owner != null && !owner[0].equals(stackId)) {
                return Optional.of(name);
            }
        }
        exports.values().removeIf(e -> e[0].equals(stackId));
        wanted.forEach((name, value) -> exports.put(name, new String[] {stackId, value}));
        return Optional.empty();
    }

    @Override
    public synchronized Optional<String> exportValue(String accountId, String region, String name) {
        return Optional.ofNullable(exports.get(name)).map(e -> e[1]);
    }

    @Override
    public synchronized Map<String, String> exports(String stackId) {
        Map<String, String> of = new LinkedHashMap<>();
        exports.forEach((name, e) -> {
            if (e[0].equals(stackId)) {
                of.put(name, e[1]);
            }
        });
        return of;
    }

    private final Map<String, java.util.Set<String>> imports = new LinkedHashMap<>();
    private final Map<String, StoredChangeSet> changeSets = new LinkedHashMap<>();

    @Override
    public synchronized void replaceImports(String accountId, String region, String stackId,
                                            java.util.Set<String> exportNames) {
        imports.put(stackId, new java.util.HashSet<>(exportNames));
    }

    @Override
    public synchronized List<String> importers(String accountId, String region, String name) {
        return imports.entrySet().stream().filter(e -> e.getValue().contains(name))
                .map(e -> stacks.get(e.getKey()))
                .filter(s -> s != null && s.accountId().equals(accountId) && s.region().equals(region)
                        && !s.status().equals(DELETE_COMPLETE))
                .map(StoredStack::name).sorted().toList();
    }

    @Override
    public synchronized void putChangeSet(StoredChangeSet changeSet) {
        changeSets.put(changeSet.changeSetId(), changeSet);
    }

    @Override
    public synchronized Optional<StoredChangeSet> changeSet(String accountId, String changeSetId) {
        return Optional.ofNullable(changeSets.get(changeSetId)).filter(c -> c.accountId().equals(accountId));
    }

    @Override
    public synchronized Optional<StoredChangeSet> changeSet(String accountId, String region, String stackName,
                                                            String name) {
        return changeSets.values().stream().filter(c -> c.accountId().equals(accountId) && c.region().equals(region)
                && c.stackName().equals(stackName) && c.name().equals(name)).findFirst();
    }

    @Override
    public synchronized int changeSetCount(String accountId, String region) {
        return (int) changeSets.values().stream().filter(c -> c.accountId().equals(accountId)
                && c.region().equals(region)).count();
    }

    @Override
    public synchronized boolean deleteChangeSet(String changeSetId) {
        return changeSets.remove(changeSetId) != null;
    }
}
