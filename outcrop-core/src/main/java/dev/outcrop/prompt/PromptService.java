package dev.outcrop.prompt;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ConflictException;
import dev.outcrop.error.ServiceQuotaExceededException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import dev.outcrop.tag.TaggableResources;
import dev.outcrop.resource.ResourceStore;
import dev.outcrop.resource.internal.IdempotentCreate;
import dev.outcrop.resource.internal.PageToken;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bedrock Prompt management: {@code CreatePrompt}, {@code GetPrompt}, {@code UpdatePrompt}, {@code ListPrompts},
 * {@code DeletePrompt} and {@code CreatePromptVersion}; the runtime finds versions through {@link PromptResolver}.
 *
 * <p>Inputs arrive checked against the bedrock-agent Smithy model; this class checks what the model cannot
 * ({@link PromptVariants}), that names are unique, what an idempotency token was used for, and keeps versions
 * immutable: only the draft is ever updated.
 */
public final class PromptService implements TaggableResources {
    /**
     * The most summaries a page of {@code ListPrompts} holds: the model's {@code PromptSummaries} has at most 10,
     * whatever {@code maxResults} asks.
     */
    public static final int MAX_PAGE_SIZE = 10;
    private static final int ID_LENGTH = 10;
    private static final int MAX_ID_ATTEMPTS = 5;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final PromptStore store;
    private final PromptVariants.ModelCheck models;
    private final Clock clock;
    private final ChangeFeed changes;

    /** Creates the service; {@code changes} tells every node's {@link PromptResolver} of deletions. */
    public PromptService(PromptStore store, PromptVariants.ModelCheck models, Clock clock, ChangeFeed changes) {
        this.store = requireNonNull(store, "store");
        this.models = requireNonNull(models, "models");
        this.clock = requireNonNull(clock, "clock");
        this.changes = requireNonNull(changes, "changes");
    }

    /** What a create or update request gives a draft. */
    public record Content(String name, String description, String customerEncryptionKeyArn, String defaultVariant,
                          JsonNode variants) {
        /** Checks the required members. */
        public Content {
            requireNonNull(name, "name");
            requireNonNull(variants, "variants");
        }
    }

    /** One page of a listing. */
    public record Page(List<Prompt> items, String nextToken) {
        /** Copies the list. */
        public Page {
            items = List.copyOf(items);
        }
    }

    /** What {@link #delete} deleted: the prompt, or one version of it. */
    public record Deleted(String id, Integer version) {}

    /** Creates a prompt's draft; a repeated {@code clientToken} with the same request answers the first prompt. */
    public Prompt create(RequestScope scope, Content content, String clientToken, List<Tag> tags) {
        checkTags(tags);
        PromptVariants.check(scope, content.variants(), content.defaultVariant(), models);
        String fingerprint = fingerprint(content, tags);
        if (clientToken != null) {
            Optional<Prompt> earlier = store.findByToken(scope.accountId(), scope.region(), clientToken);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint, clientToken);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            Prompt draft = new Prompt(newId(), scope.accountId(), scope.region(), Prompt.DRAFT, content.name(),
                    content.description(), content.customerEncryptionKeyArn(), content.defaultVariant(),
                    content.variants(), now, now, clientToken, fingerprint, 0);
            String arn = draft.arn(scope.partition());
            switch (store.insert(draft, tags, arn)) {
                case ResourceStore.InsertResult.Inserted<Prompt> inserted -> {
                    if (!tags.isEmpty()) { // a node may have cached that this ARN, asked for before, has no tags
                        changes.publish(new Change(Change.Kind.TAGS, arn));
                    }
                    return inserted.resource();
                }
                case ResourceStore.InsertResult.NameTaken<Prompt> taken -> throw nameTaken(scope, taken.name());
                case ResourceStore.InsertResult.TokenTaken<Prompt> token -> {
                    return replay(token.existing(), fingerprint, clientToken);
                }
                case ResourceStore.InsertResult.IdTaken<Prompt> idTaken -> {
                    // drawn again by the next attempt
                }
            }
        }
        throw new IllegalStateException("could not draw a free prompt id in " + MAX_ID_ATTEMPTS + " attempts");
    }

    /**
     * The draft or a version: {@code version} ({@code DRAFT} or a number) when given, else the version the
     * identifier's ARN names, else the draft.
     */
    public Prompt get(RequestScope scope, String identifier, String version) {
        PromptIdentifier ref = PromptIdentifier.parse(scope, identifier);
        int wanted = wantedVersion(ref, version == null ? null : PromptIdentifier.version(version, "promptVersion"));
        return store.find(scope.accountId(), scope.region(), ref.id(), wanted)
                .orElseThrow(() -> PromptIdentifier.notFound(describe(ref.id(), wanted)));
    }

    /** Replaces the draft's content; versions are immutable, so an identifier naming one is refused. */
    public Prompt update(RequestScope scope, String identifier, Content content) {
        PromptIdentifier ref = draftOnly(scope, identifier, "updated");
        Prompt draft = store.find(scope.accountId(), scope.region(), ref.id(), Prompt.DRAFT)
                .orElseThrow(() -> PromptIdentifier.notFound(identifier));
        PromptVariants.check(scope, content.variants(), content.defaultVariant(), models);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Prompt updated = new Prompt(draft.id(), draft.accountId(), draft.region(), Prompt.DRAFT, content.name(),
                content.description(), content.customerEncryptionKeyArn(), content.defaultVariant(),
                content.variants(), draft.createdAt(), now.isAfter(draft.createdAt()) ? now : draft.createdAt(),
                draft.clientToken(), draft.requestFingerprint(), draft.sequence());
        return switch (store.update(updated)) {
            case UPDATED -> updated;
            case NOT_FOUND -> throw PromptIdentifier.notFound(identifier);
            case NAME_TAKEN -> throw nameTaken(scope, content.name());
        };
    }

    /** Snapshots the draft as the next version; a repeated {@code clientToken} answers the first version. */
    public Prompt createVersion(RequestScope scope, String identifier, String description, String clientToken,
                                List<Tag> tags) {
        checkTags(tags);
        PromptIdentifier ref = draftOnly(scope, identifier, "versioned");
        String draftArn = Arn.of(scope.partition(), scope.region(), scope.accountId(), Prompt.RESOURCE_TYPE, ref.id())
                .toString();
        String fingerprint = IdempotentCreate.fingerprint(tags, ref.id(), description);
        PromptStore.VersionResult result = store.createVersion(scope.accountId(), scope.region(), ref.id(), description,
                clientToken, fingerprint, clock.instant().truncatedTo(ChronoUnit.MILLIS), tags, draftArn);
        return switch (result) {
            case PromptStore.VersionResult.Created created -> {
                if (!tags.isEmpty()) {
                    changes.publish(new Change(Change.Kind.TAGS, created.version().arn(scope.partition())));
                }
                yield created.version();
            }
            case PromptStore.VersionResult.TokenTaken token -> replay(token.existing(), fingerprint, clientToken);
            case PromptStore.VersionResult.NotFound notFound -> throw PromptIdentifier.notFound(identifier);
            case PromptStore.VersionResult.NumbersExhausted exhausted -> throw new ServiceQuotaExceededException(
                    "The prompt " + identifier + " has had " + PromptIdentifier.MAX_VERSION + " versions, the most "
                    + "a version number can count. Create a new prompt.");
        };
    }

    /**
     * Lists the drafts of the account's prompts, or, for one prompt, its draft and then its versions.
     *
     * @param maxResults page size (at most {@value #MAX_PAGE_SIZE}), or null for that many
     */
    public Page list(RequestScope scope, String identifier, Integer maxResults, String nextToken) {
        int limit = Math.min(maxResults == null ? MAX_PAGE_SIZE : maxResults, MAX_PAGE_SIZE);
        if (identifier == null) {
            String listing = "prompts:" + scope.region();
            long after = nextToken == null ? 0 : number(nextToken, listing);
            List<Prompt> rows = store.listDrafts(scope.accountId(), scope.region(), after, limit + 1);
            return page(rows, limit, listing, p -> Long.toString(p.sequence()));
        }
        PromptIdentifier ref = PromptIdentifier.parse(scope, identifier);
        String listing = "prompt-versions:" + scope.region() + ':' + ref.id();
        // The draft opens the listing as "version 0"; the token carries the last version served.
        long after = nextToken == null ? -1 : number(nextToken, listing);
        List<Prompt> rows = new ArrayList<>();
        if (after < 0) {
            rows.add(store.find(scope.accountId(), scope.region(), ref.id(), Prompt.DRAFT)
                    .orElseThrow(() -> PromptIdentifier.notFound(identifier)));
        }
        rows.addAll(store.listVersions(scope.accountId(), scope.region(), ref.id(), (int) Math.max(after, 0),
                limit + 1 - rows.size()));
        return page(rows, limit, listing, p -> Integer.toString(p.version()));
    }

    private static Page page(List<Prompt> rows, int limit, String listing,
                             java.util.function.Function<Prompt, String> key) {
        // One more than asked tells whether another page exists without a second query.
        boolean more = rows.size() > limit;
        List<Prompt> page = more ? rows.subList(0, limit) : rows;
        return new Page(page, more ? new PageToken(listing, key.apply(page.getLast())).encode() : null);
    }

    private static long number(String nextToken, String listing) {
        try {
            return Long.parseLong(PageToken.decode(nextToken, listing).afterKey());
        } catch (NumberFormatException e) {
            PageToken.decode("", listing); // throws the invalid-token error
            throw new IllegalStateException("unreachable");
        }
    }

    /** Deletes a prompt with all its versions, or only the version {@code version} (or the identifier's ARN) names. */
    public Deleted delete(RequestScope scope, String identifier, String version) {
        PromptIdentifier ref = PromptIdentifier.parse(scope, identifier);
        Integer wanted = version == null ? ref.version()
                : Integer.valueOf(wantedVersion(ref, PromptIdentifier.numericVersion(version, "promptVersion")));
        String draftArn = Arn.of(scope.partition(), scope.region(), scope.accountId(), Prompt.RESOURCE_TYPE, ref.id())
                .toString();
        if (wanted != null) {
            boolean deleted = store.deleteVersion(scope.accountId(), scope.region(), ref.id(), wanted,
                    draftArn + ':' + wanted);
            published(scope, ref.id(), List.of(wanted), draftArn);
            if (!deleted) {
                throw PromptIdentifier.notFound(describe(ref.id(), wanted));
            }
            return new Deleted(ref.id(), wanted);
        }
        Optional<List<Integer>> deleted = store.deletePrompt(scope.accountId(), scope.region(), ref.id(), draftArn);
        deleted.ifPresent(numbers -> published(scope, ref.id(), numbers, draftArn));
        changes.publish(new Change(Change.Kind.TAGS, draftArn));
        if (deleted.isEmpty()) {
            throw PromptIdentifier.notFound(identifier);
        }
        return new Deleted(ref.id(), null);
    }

    private void published(RequestScope scope, String id, List<Integer> numbers, String draftArn) {
        for (int number : numbers) {
            changes.publish(new Change(Change.Kind.PROMPT, PromptResolver.changeKey(scope, id, number)));
            changes.publish(new Change(Change.Kind.TAGS, draftArn + ':' + number));
        }
    }

    /**
     * The ARN an identifier names in the caller's scope, whether or not the prompt exists (access is decided before
     * existence): with {@code :N} when a version is asked for by {@code version} or the identifier.
     */
    public static String arnOf(RequestScope scope, String identifier, String version) {
        PromptIdentifier ref = PromptIdentifier.parse(scope, identifier);
        String arn = Arn.of(scope.partition(), scope.region(), scope.accountId(), Prompt.RESOURCE_TYPE, ref.id())
                .toString();
        String suffix = version != null && !"DRAFT".equals(version) ? version
                : version == null && ref.version() != null ? ref.version().toString() : null;
        return suffix == null ? arn : arn + ':' + suffix;
    }

    @Override
    public Taggability taggability(RequestScope scope, Arn arn) {
        try {
            PromptIdentifier ref = PromptIdentifier.parse(scope, arn.toString());
            int version = ref.version() == null ? Prompt.DRAFT : ref.version();
            return store.find(scope.accountId(), scope.region(), ref.id(), version).isPresent()
                    ? Taggability.TAGGABLE : Taggability.NOT_FOUND;
        } catch (dev.outcrop.error.BedrockException e) {
            return Taggability.NOT_FOUND;
        }
    }

    private static int wantedVersion(PromptIdentifier ref, Integer asked) {
        if (asked != null && ref.version() != null && !asked.equals(ref.version())) {
            throw new ValidationException("The promptIdentifier names version " + ref.version()
                    + " but promptVersion asks for " + (asked == Prompt.DRAFT ? "DRAFT" : asked) + ".");
        }
        return asked != null ? asked : ref.version() != null ? ref.version() : Prompt.DRAFT;
    }

    private static PromptIdentifier draftOnly(RequestScope scope, String identifier, String what) {
        PromptIdentifier ref = PromptIdentifier.parse(scope, identifier);
        if (ref.version() != null) {
            throw new ValidationException("The promptIdentifier names version " + ref.version()
                    + "; versions are immutable and only the draft can be " + what + ". Use the prompt's id or its "
                    + "ARN without a version.");
        }
        return ref;
    }

    private static String describe(String id, int version) {
        return version == Prompt.DRAFT ? id : id + " (version " + version + ")";
    }

    private static void checkTags(List<Tag> tags) {
        TagService.checkNewTags(tags);
        if (tags.size() > TagService.MAX_TAGS) {
            throw new ValidationException("A resource can have at most " + TagService.MAX_TAGS + " tags; the request has "
                    + tags.size() + ".");
        }
    }

    private static Prompt replay(Prompt earlier, String fingerprint, String clientToken) {
        if (!earlier.requestFingerprint().equals(fingerprint)) {
            throw new ConflictException("The clientToken '" + clientToken + "' was already used for a different "
                    + "request. Use a new token for a new request.");
        }
        return earlier;
    }

    private static ConflictException nameTaken(RequestScope scope, String name) {
        return new ConflictException("A prompt with the name '" + name + "' already exists in " + scope.region() + ".");
    }

    private static String newId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < ID_LENGTH; i++) {
            id[i] = ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length()));
        }
        return new String(id);
    }

    /** The same digest as every idempotent create's: prompts stored before keep their tokens. */
    private static String fingerprint(Content content, List<Tag> tags) {
        return IdempotentCreate.fingerprint(tags, content.name(), content.description(),
                content.customerEncryptionKeyArn(), content.defaultVariant(), content.variants());
    }
}
