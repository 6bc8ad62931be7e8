package dev.outcrop.providers.bedrock;

import static dev.outcrop.util.Bytes.indexOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ValidationException;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Which content blocks naming an Amazon S3 object ({@code s3Location} of an image, document or video source, in a
 * Converse body, a native body such as Nova's, or CountTokens' input; an {@code s3Uri}, as some models' native bodies
 * name their media) may go to Bedrock. Bedrock reads such an
 * object with the credentials of whoever calls it, which is Outcrop, not the caller: passed on unchecked, a caller
 * could have Outcrop read any object Outcrop's role can read (a confused deputy). So they are refused unless the
 * operator allows them, and then only from buckets of the accounts the operator lists, when it lists some.
 */
public final class S3Locations {
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final byte[] KEY = "s3Location".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] URI_KEY = "s3Uri".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ESCAPE = "\\u".getBytes(StandardCharsets.US_ASCII);

    private final boolean allowed;
    private final Set<String> bucketOwners;

    private S3Locations(boolean allowed, Set<String> bucketOwners) {
        this.allowed = allowed;
        this.bucketOwners = Set.copyOf(bucketOwners);
    }

    /** No S3 location goes upstream: the default. */
    public static S3Locations refused() {
        return new S3Locations(false, Set.of());
    }

    /** S3 locations go upstream, from buckets owned by {@code bucketOwners} (account ids) only, unless it is empty. */
    public static S3Locations allowed(Set<String> bucketOwners) {
        return new S3Locations(true, bucketOwners);
    }

    /**
     * Refuses {@code body} (a request body about to go to Bedrock) when it names an S3 location this policy does not
     * let through.
     *
     * @throws ValidationException naming the member
     */
    void check(byte[] body) {
        // Only a body that spells the member's name, or could hide it behind a JSON escape, is read.
        if (indexOf(body, KEY) < 0 && indexOf(body, URI_KEY) < 0 && indexOf(body, ESCAPE) < 0) {
            return;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            return; // not JSON: Bedrock refuses it without reading anything
        }
        walk(tree, "", null);
    }

    private void walk(JsonNode node, String path, String parentKey) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "." + i, parentKey);
            }
            return;
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            String at = path.isEmpty() ? key : path + "." + key;
            if (key.equals("json") || key.equals("input") && "toolUse".equals(parentKey)) {
                continue; // the caller's own JSON data (a tool's input, a JSON result or schema): nothing Bedrock reads from
            }
            if (key.equals("s3Location")) {
                checkLocation(value, at, at + ".bucketOwner");
            } else if (key.equals("s3Uri")) {
                checkLocation(node, at, (path.isEmpty() ? "" : path + ".") + "bucketOwner"); // its owner beside it
            } else if (key.equals("body") && "invokeModel".equals(parentKey) && value.isTextual()) {
                walkEmbedded(value.asText(), at); // CountTokens' InvokeModel body, a JSON document in a string
            } else {
                walk(value, at, key);
            }
        }
    }

    private void walkEmbedded(String body, String path) {
        try {
            walk(JSON.readTree(body), path, null);
        } catch (IOException e) {
            // not JSON: Bedrock refuses it without reading anything
        }
    }

    /** {@code location}: the object that holds the location's {@code bucketOwner}, at {@code ownerPath}. */
    private void checkLocation(JsonNode location, String path, String ownerPath) {
        if (!allowed) {
            throw refused(path, "Outcrop does not pass content stored in Amazon S3 to Bedrock, which would read it "
                    + "with Outcrop's credentials rather than yours. Send the content's bytes instead.");
        }
        if (!bucketOwners.isEmpty() && !bucketOwners.contains(location.path("bucketOwner").asText(""))) {
            throw refused(ownerPath, "The bucket must belong to one of the AWS accounts this endpoint "
                    + "reads Amazon S3 content from: name its owner in bucketOwner, or send the content's bytes instead.");
        }
    }

    private static ValidationException refused(String path, String why) {
        return new ValidationException("1 validation error detected: Value at '" + path
                + "' failed to satisfy constraint: " + why);
    }
}
