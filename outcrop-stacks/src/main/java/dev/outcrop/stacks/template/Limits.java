package dev.outcrop.stacks.template;

import dev.outcrop.error.ValidationException;
import dev.outcrop.util.Utf8;
import java.util.regex.Pattern;

/**
 * CloudFormation's quotas on a template and a stack, in one place, and the bounds Outcrop adds where
 * CloudFormation documents none, so that no template takes more than linear time or bounded memory. Sizes given
 * in bytes are measured in UTF-8, as CloudFormation measures them.
 */
public final class Limits {
    /** A template body given inline ({@code TemplateBody} of the query API). */
    public static final int MAX_TEMPLATE_BODY_BYTES = 51_200;
    /** A template file (the CLI) or the admin API's {@code templateBody}: CloudFormation's template in S3, 1 MB. */
    public static final int MAX_TEMPLATE_FILE_BYTES = 1_048_576;
    public static final int MAX_RESOURCES = 500;
    public static final int MAX_PARAMETERS = 200;
    public static final int MAX_OUTPUTS = 200;
    public static final int MAX_MAPPINGS = 200;
    /** Keys of one mapping, and second-level keys under each of them. */
    public static final int MAX_MAPPING_ATTRIBUTES = 200;
    /** A logical id (resource, parameter, output, mapping, condition, rule) and a mapping's key. */
    public static final int MAX_NAME_CHARS = 255;
    public static final int MAX_PARAMETER_VALUE_BYTES = 4_096;
    public static final int MAX_DESCRIPTION_BYTES = 1_024;
    public static final int MAX_STACK_NAME_CHARS = 128;
    /** CloudFormation documents no bound on an output's value; Outcrop keeps it to a parameter value's. */
    public static final int MAX_OUTPUT_VALUE_BYTES = 4_096;
    /** A string {@code Fn::Join}, {@code Fn::Sub} or {@code Fn::Base64} makes: no more than a template file. */
    public static final int MAX_RESOLVED_STRING_BYTES = MAX_TEMPLATE_FILE_BYTES;
    /** All that the functions of one evaluation (a resource's properties, the outputs, the conditions) produce. */
    public static final long MAX_RESOLVED_BYTES = 4L * MAX_TEMPLATE_FILE_BYTES;
    /** How deep a template nests (maps, lists, functions) and how long a chain of conditions is. */
    public static final int MAX_DEPTH = 100;
    /** The YAML aliases a template may use: none (an alias repeats a subtree, a billion laughs' lever). */
    public static final int MAX_YAML_ALIASES = 0;

    private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]+");
    private static final String STACK_NAME_PATTERN = "[a-zA-Z][-a-zA-Z0-9]*";
    private static final Pattern STACK_NAME = Pattern.compile(STACK_NAME_PATTERN);

    private Limits() {}

    /** Refuses a template body longer than {@code maxBytes} in CloudFormation's words for the {@code member}. */
    public static String templateBody(String body, int maxBytes, String member) {
        if (body != null && Utf8.length(body) > maxBytes) {
            throw new ValidationException("1 validation error detected: Value at '" + member + "' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + maxBytes);
        }
        return body;
    }

    /** Refuses a stack name that is not 1-128 characters of {@code [a-zA-Z][-a-zA-Z0-9]*}. */
    public static String stackName(String name) {
        if (name != null && name.length() > MAX_STACK_NAME_CHARS) {
            throw new ValidationException("1 validation error detected: Value '" + name.substring(0, 16)
                    + "...' at 'stackName' failed to satisfy constraint: Member must have length less than or equal "
                    + "to " + MAX_STACK_NAME_CHARS);
        }
        if (name == null || !STACK_NAME.matcher(name).matches()) {
            throw new ValidationException("1 validation error detected: Value '" + name + "' at 'stackName' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: " + STACK_NAME_PATTERN);
        }
        return name;
    }

    /** Refuses a logical id that is not 1-255 letters and digits. */
    static String logicalId(String section, String id) {
        if (id.length() > MAX_NAME_CHARS || !LOGICAL_ID.matcher(id).matches()) {
            throw Template.format(section + ": '" + shown(id) + "' is not a valid logical id (1-" + MAX_NAME_CHARS
                    + " letters and digits)");
        }
        return id;
    }

    /** Refuses more than {@code max} of {@code what}, in CloudFormation's words. */
    static void count(String what, int count, int max) {
        if (count > max) {
            throw Template.format("Number of " + what + ", " + count + ", is greater than maximum allowed, " + max);
        }
    }

    /** Refuses a text longer than {@code maxBytes} in UTF-8. */
    static void bytes(String where, String text, int maxBytes) {
        if (Utf8.length(text) > maxBytes) {
            throw Template.format(where + " is longer than the maximum of " + maxBytes + " bytes");
        }
    }

    /** The first characters of a long text, for a message. */
    static String shown(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
