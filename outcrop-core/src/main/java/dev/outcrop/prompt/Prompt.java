package dev.outcrop.prompt;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import java.time.Instant;

/**
 * A prompt's working draft ({@code version} {@value #DRAFT}) or one of its immutable numbered versions, as stored.
 *
 * @param id 10 uppercase letters and digits
 * @param accountId owning account
 * @param region the region it lives in
 * @param version {@value #DRAFT} for the draft, 1 and up for a version
 * @param name the prompt's name
 * @param description optional description, or null
 * @param customerEncryptionKeyArn the KMS key ARN the caller gave, kept and answered (Outcrop encrypts nothing), or null
 * @param defaultVariant the variant a call runs, or null (then the only one)
 * @param variants the {@code PromptVariantList} as validated at the wire, a JSON array
 * @param createdAt creation time
 * @param updatedAt last update time (a version's never changes)
 * @param clientToken the idempotency token it was created with, or null
 * @param requestFingerprint a digest of the creating request, to tell a retry from a token reused
 * @param sequence position in creation order (drafts), assigned by the store; the key of pagination
 */
public record Prompt(String id, String accountId, String region, int version, String name, String description,
                     String customerEncryptionKeyArn, String defaultVariant, JsonNode variants, Instant createdAt,
                     Instant updatedAt, String clientToken, String requestFingerprint, long sequence) {
    /** The version number of the working draft. */
    public static final int DRAFT = 0;
    /** The ARN resource type of prompts. */
    public static final String RESOURCE_TYPE = "prompt";

    /** Checks the required members. */
    public Prompt {
        requireNonNull(id, "id");
        requireNonNull(accountId, "accountId");
        requireNonNull(region, "region");
        requireNonNull(name, "name");
        requireNonNull(variants, "variants");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether this is the working draft. */
    public boolean isDraft() {
        return version == DRAFT;
    }

    /** {@code DRAFT} or the version number, as the API spells it. */
    public String versionLabel() {
        return isDraft() ? "DRAFT" : Integer.toString(version);
    }

    /** The draft's ARN ({@code arn:aws:bedrock:REGION:ACCOUNT:prompt/ID}), whatever this is. */
    public String promptArn(String partition) {
        return Arn.of(partition, region, accountId, RESOURCE_TYPE, id).toString();
    }

    /** This draft's or version's ARN: a version's ends in {@code :N}. */
    public String arn(String partition) {
        return isDraft() ? promptArn(partition) : promptArn(partition) + ':' + version;
    }

    /** The same prompt with the members a store assigns or a version snapshot changes. */
    public Prompt withSequence(long newSequence) {
        return new Prompt(id, accountId, region, version, name, description, customerEncryptionKeyArn, defaultVariant,
                variants, createdAt, updatedAt, clientToken, requestFingerprint, newSequence);
    }
}
