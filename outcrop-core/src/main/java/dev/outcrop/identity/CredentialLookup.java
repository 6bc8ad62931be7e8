package dev.outcrop.identity;

import java.util.Optional;

/** Finds the credentials a request presents. */
public interface CredentialLookup {

    /** The active access key with this id. */
    Optional<SigningKey> signingKey(String accessKeyId);

    /** What an API key resolves to. */
    sealed interface ApiKeyState {
        /** Valid: acts as {@code principal}. */
        record Valid(Principal principal) implements ApiKeyState {}

        /** Known, but past its expiry. */
        record Expired() implements ApiKeyState {}

        /** Unknown or revoked. */
        record Unknown() implements ApiKeyState {}
    }

    /** The principal a Bedrock API key (bearer token) acts as. */
    ApiKeyState apiKey(String token);
}
