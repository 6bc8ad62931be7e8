package dev.outcrop.prompt;

import dev.outcrop.resource.ResourceStore;
import dev.outcrop.tag.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where prompts live: the drafts, their immutable versions and their initial tags. Writes that must not
 * race (a draft and its name, a version and its number) are single transactions, so that two nodes
 * creating at once cannot both succeed.
 */
public interface PromptStore {

    /** What {@link #update} did. */
    enum UpdateResult {
        /** The draft was replaced. */
        UPDATED,
        /** There is no such prompt (any more). */
        NOT_FOUND,
        /** Another prompt of the account and region already has the new name. */
        NAME_TAKEN
    }

    /** What {@link #createVersion} did. */
    sealed interface VersionResult {
        /** The snapshot was stored under the next version number. */
        record Created(Prompt version) implements VersionResult {}

        /** A version was already created from this prompt with the same client token. */
        record TokenTaken(Prompt existing) implements VersionResult {}

        /** There is no such prompt (any more). */
        record NotFound() implements VersionResult {}

        /** The prompt has used every version number the API can name ({@link PromptIdentifier#MAX_VERSION}). */
        record NumbersExhausted() implements VersionResult {}
    }

    /**
     * Stores a new draft (its {@code sequence} is ignored and assigned) with its initial tags, in one transaction;
     * what it did is said as for every stored resource.
     */
    ResourceStore.InsertResult<Prompt> insert(Prompt draft, List<Tag> tags, String resourceArn);

    /** Replaces a draft's content and {@code updatedAt}, keeping its id, creation time and versions. */
    UpdateResult update(Prompt draft);

    /**
     * Snapshots the current draft as the next version (numbers are never reused, even after a version is
     * deleted), with {@code description} if not null, the draft's otherwise, and the version's tags.
     *
     * @param resourceArnOfDraft the draft's ARN: the version's tags are kept under it, suffixed {@code :N}
     */
    VersionResult createVersion(String accountId, String region, String id, String description, String clientToken,
                                String requestFingerprint, Instant now, List<Tag> tags, String resourceArnOfDraft);

    /** The draft ({@link Prompt#DRAFT}) or the version of a prompt in this account and region. */
    Optional<Prompt> find(String accountId, String region, String id, int version);

    /** The draft created with this client token in this account and region. */
    Optional<Prompt> findByToken(String accountId, String region, String clientToken);

    /** Drafts of an account and region in creation order, after {@code afterSequence} (0 first), at most {@code limit}. */
    List<Prompt> listDrafts(String accountId, String region, long afterSequence, int limit);

    /** Versions of one prompt in version order, after {@code afterVersion} (0 first), at most {@code limit}. */
    List<Prompt> listVersions(String accountId, String region, String id, int afterVersion, int limit);

    /** Deletes one version and its tags; false when there was none. */
    boolean deleteVersion(String accountId, String region, String id, int version, String resourceArn);

    /**
     * Deletes a prompt: its draft, every version and all their tags.
     *
     * @return the numbers of the versions deleted with it, or empty when there was no such prompt
     */
    Optional<List<Integer>> deletePrompt(String accountId, String region, String id, String resourceArnOfDraft);
}
