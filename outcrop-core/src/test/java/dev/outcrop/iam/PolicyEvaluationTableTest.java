package dev.outcrop.iam;

import static dev.outcrop.iam.Decision.Effect.ALLOW;
import static dev.outcrop.iam.Decision.Effect.EXPLICIT_DENY;
import static dev.outcrop.iam.Decision.Effect.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy evaluation, case by case: each row a policy, a request, the decision IAM makes, and why.
 */
class PolicyEvaluationTableTest {
    private static final String ACCOUNT = "123456789012";
    private static final String APP = "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/abc123xyz789";
    private static final String SYS = "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String FM_EAST = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final String FM_WEST = "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final String NOTEBOOK = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
               "Resource": ["arn:aws:bedrock:us-east-1:*:inference-profile/my-app-profile"]},
              {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "*",
               "Condition": {"StringNotEquals": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:us-east-1:*:inference-profile/my-app-profile"}}}]}""";
    private static final String NOTEBOOK_CORRECTED = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
               "Resource": ["arn:aws:bedrock:us-east-1:*:application-inference-profile/abc123xyz789",
                            "arn:aws:bedrock:*::foundation-model/*"]},
              {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "*",
               "Condition": {"ArnNotLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:us-east-1:*:application-inference-profile/abc123xyz789"}}}]}""";
    private static final String WORKLOAD = WorkloadPolicy.forProfile(APP, List.of(FM_EAST, FM_WEST));
    private static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}";
    /** Allow bedrock:* on *, and Deny bedrock:* on the resource pattern given to {@code formatted}. */
    private static final String ALLOW_ALL_DENY = ALLOW_ALL
            + ",{\"Effect\":\"Deny\",\"Action\":\"bedrock:*\",\"Resource\":\"%s\"}]}";
    /** One statement with the effect and the NotResource pattern given to {@code formatted}. */
    private static final String NOT_RESOURCE = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"%s\","
            + "\"Action\":\"bedrock:*\",\"NotResource\":\"%s\"}}";

    record Case(String name, String policy, String action, String resource, Map<String, List<String>> keys,
                Decision.Effect expected, String why) {
        @Override
        public String toString() {
            return name + " -> " + expected + " (" + why + ")";
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void add(String name, String policy, String action, String resource, Map<String, List<String>> keys,
                            Decision.Effect expected, String why) {
        CASES.add(new Case(name, policy, action, resource, keys, expected, why));
    }

    private static String allow(String action, String resource, String condition) {
        return statement("Allow", action, resource, condition);
    }

    private static String statement(String effect, String action, String resource, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"" + effect + "\",\"Action\":" + action
                + ",\"Resource\":" + resource + (condition == null ? "" : ",\"Condition\":" + condition) + "}}";
    }

    static {
        Map<String, List<String>> none = Map.of();
        // Effect, Action, Resource basics
        add("empty policy set", null, "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "nothing allows it");
        add("allow all", allow("\"*\"", "\"*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "* matches every action and resource");
        add("exact action", allow("\"bedrock:InvokeModel\"", "\"*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "action listed");
        add("other action", allow("\"bedrock:InvokeModel\"", "\"*\"", null), "bedrock:DeleteInferenceProfile", APP, none, IMPLICIT_DENY, "action not listed");
        add("action case-insensitive", allow("\"Bedrock:invokemodel\"", "\"*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "actions compare case-insensitively");
        add("action prefix wildcard", allow("\"bedrock:Invoke*\"", "\"*\"", null), "bedrock:InvokeModelWithResponseStream", FM_EAST, none, ALLOW, "Invoke* covers it");
        add("action ? wildcard", allow("\"bedrock:?etInferenceProfile\"", "\"*\"", null), "bedrock:GetInferenceProfile", APP, none, ALLOW, "? matches one character");
        add("service wildcard", allow("\"bedrock:*\"", "\"*\"", null), "bedrock:TagResource", APP, none, ALLOW, "bedrock:* covers every bedrock action");
        add("other service", allow("\"s3:*\"", "\"*\"", null), "bedrock:TagResource", APP, none, IMPLICIT_DENY, "s3:* is not bedrock");
        add("resource exact", allow("\"bedrock:InvokeModel\"", "\"" + FM_EAST + "\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "resource listed");
        add("resource other region", allow("\"bedrock:InvokeModel\"", "\"" + FM_EAST + "\"", null), "bedrock:InvokeModel", FM_WEST, none, IMPLICIT_DENY, "us-west-2 ARN not listed");
        add("resource region wildcard", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:*::foundation-model/anthropic.*\"", null), "bedrock:InvokeModel", FM_WEST, none, ALLOW, "* in region and model parts");
        add("short pattern: a trailing * spans the remaining parts", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "IAM lets a * that ends an ARN part expand beyond the colons");
        add("six-part pattern: a wildcard stays within its part", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:*::*\"", null), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "the empty account part does not match 123456789012");
        add("six-part pattern: empty account matches a foundation model", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:*::*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "foundation models have no account");
        // Short ARN patterns, as IAM matches them: the * crosses the colons
        add("deny arn:aws:bedrock:* on a foundation model", ALLOW_ALL_DENY.formatted("arn:aws:bedrock:*"), "bedrock:InvokeModel", FM_EAST, none, EXPLICIT_DENY, "arn:aws:bedrock:* covers every Bedrock resource");
        add("deny arn:aws:bedrock:* on an application profile", ALLOW_ALL_DENY.formatted("arn:aws:bedrock:*"), "bedrock:InvokeModel", APP, none, EXPLICIT_DENY, "arn:aws:bedrock:* covers every Bedrock resource");
        add("deny arn:aws:bedrock:* on a system profile", ALLOW_ALL_DENY.formatted("arn:aws:bedrock:*"), "bedrock:GetInferenceProfile", SYS, none, EXPLICIT_DENY, "arn:aws:bedrock:* covers every Bedrock resource");
        add("deny arn:* on a foundation model", ALLOW_ALL_DENY.formatted("arn:*"), "bedrock:InvokeModel", FM_WEST, none, EXPLICIT_DENY, "arn:* covers every ARN");
        add("deny arn:aws:s3:* leaves Bedrock alone", ALLOW_ALL_DENY.formatted("arn:aws:s3:*"), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "another service");
        add("deny arn:aws:bedrock:* does not cover *", ALLOW_ALL_DENY.formatted("arn:aws:bedrock:*"), "bedrock:ListInferenceProfiles", "*", none, ALLOW, "an action on no resource is not on an ARN");
        add("allow arn:aws:bedrock:us-east-1:* in the region", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:*\"", null), "bedrock:InvokeModel", APP, none, ALLOW, "region us-east-1, any account and resource");
        add("allow arn:aws:bedrock:us-east-1:* on a model there", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "the * also covers the empty account");
        add("allow arn:aws:bedrock:us-east-1:* not elsewhere", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:*\"", null), "bedrock:InvokeModel", FM_WEST, none, IMPLICIT_DENY, "us-west-2 is not us-east-1");
        add("allow a four-part ARN without a wildcard", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1\"", null), "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "names no resource");
        add("NotResource arn:aws:bedrock:* excludes every Bedrock resource", NOT_RESOURCE.formatted("Allow", "arn:aws:bedrock:*"), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "every Bedrock ARN is excluded");
        add("NotResource arn:aws:bedrock:us-east-1:* excludes the region", NOT_RESOURCE.formatted("Allow", "arn:aws:bedrock:us-east-1:*"), "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "us-east-1 is excluded");
        add("NotResource arn:aws:bedrock:us-east-1:* allows other regions", NOT_RESOURCE.formatted("Allow", "arn:aws:bedrock:us-east-1:*"), "bedrock:InvokeModel", FM_WEST, none, ALLOW, "us-west-2 is not excluded");
        add("deny NotResource arn:aws:bedrock:us-east-1:* denies other regions", ALLOW_ALL + ",{\"Effect\":\"Deny\",\"Action\":\"*\",\"NotResource\":\"arn:aws:bedrock:us-east-1:*\"}]}", "bedrock:InvokeModel", FM_WEST, none, EXPLICIT_DENY, "outside us-east-1");
        add("deny NotResource arn:aws:bedrock:us-east-1:* spares the region", ALLOW_ALL + ",{\"Effect\":\"Deny\",\"Action\":\"*\",\"NotResource\":\"arn:aws:bedrock:us-east-1:*\"}]}", "bedrock:InvokeModel", APP, none, ALLOW, "inside us-east-1");
        add("ArnLike with a short pattern", allow("\"*\"", "\"*\"", "{\"ArnLike\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:us-east-1:*\"}}"), "bedrock:InvokeModel", FM_WEST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), IMPLICIT_DENY, "IAM checks each of the six parts of an ARN condition separately: a shorter pattern matches no ARN");
        add("ArnNotLike with a short pattern", allow("\"*\"", "\"*\"", "{\"ArnNotLike\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*\"}}"), "bedrock:InvokeModel", FM_WEST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "a pattern of fewer than six parts matches no ARN, so ArnNotLike holds");
        add("deny ArnNotLike with a short pattern", ALLOW_ALL + ",{\"Effect\":\"Deny\",\"Action\":\"bedrock:*\",\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*\"}}}]}", "bedrock:InvokeModel", FM_WEST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), EXPLICIT_DENY, "the short pattern matches nothing, so the deny applies");
        // Model ids that contain ':'
        add("model id with a colon, exact", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0\"", null), "bedrock:InvokeModel", FM_WEST, none, ALLOW, "the resource part keeps its colon");
        add("model id with a colon, wildcard version", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:*\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "any version");
        add("model id with a colon, other version", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:1\"", null), "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "version 1 is not version 0");
        add("model id with a colon, ? for the version", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-?::foundation-model/anthropic.claude-3-haiku-20240307-v1:?\"", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "? matches one character in region and version");
        add("system profile id with a colon", allow("\"bedrock:GetInferenceProfile\"", "\"arn:aws:bedrock:us-east-1:*:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0\"", null), "bedrock:GetInferenceProfile", SYS, none, ALLOW, "the profile id keeps its colon");
        add("deny a model id with a colon", ALLOW_ALL_DENY.formatted("arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"), "bedrock:InvokeModel", FM_EAST, none, EXPLICIT_DENY, "that model everywhere");
        add("NotResource of a model id with a colon", NOT_RESOURCE.formatted("Allow", "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"), "bedrock:InvokeModel", FM_WEST, none, IMPLICIT_DENY, "the excluded model");
        add("resource case-sensitive", allow("\"bedrock:InvokeModel\"", "\"" + FM_EAST.replace("anthropic.claude", "Anthropic.Claude") + "\"", null), "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "resources compare case-sensitively");
        add("resource list", allow("\"bedrock:InvokeModel\"", "[\"" + FM_WEST + "\",\"" + FM_EAST + "\"]", null), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "any listed resource");
        add("NotAction allows the rest", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"bedrock:Delete*\",\"Resource\":\"*\"}}", "bedrock:InvokeModel", FM_EAST, none, ALLOW, "InvokeModel is not a Delete*");
        add("NotAction excludes", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"bedrock:Delete*\",\"Resource\":\"*\"}}", "bedrock:DeleteInferenceProfile", APP, none, IMPLICIT_DENY, "excluded by NotAction");
        add("NotResource allows others", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"NotResource\":\"" + SYS + "\"}}", "bedrock:InvokeModel", APP, none, ALLOW, "APP is not the excluded resource");
        add("NotResource excludes", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"NotResource\":\"" + SYS + "\"}}", "bedrock:InvokeModel", SYS, none, IMPLICIT_DENY, "the excluded resource");
        add("NotAction grants outcrop administration", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"bedrock:Delete*\",\"Resource\":\"*\"}}", "outcrop:ManageIdentity", "*", none, ALLOW, "outcrop:ManageIdentity is not a bedrock:Delete*");
        add("NotAction that excludes outcrop:*", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":[\"bedrock:Delete*\",\"outcrop:*\"],\"Resource\":\"*\"}}", "outcrop:ManageIdentity", "*", none, IMPLICIT_DENY, "excluded by NotAction");
        add("NotResource grants outcrop administration", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":\"arn:aws:bedrock:*\"}}", "outcrop:ManageIdentity", "*", none, ALLOW, "the admin actions' resource * is not a Bedrock ARN");
        add("deny wins over allow", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Sid\":\"NoDeletes\",\"Effect\":\"Deny\",\"Action\":\"bedrock:Delete*\",\"Resource\":\"*\"}]}", "bedrock:DeleteInferenceProfile", APP, none, EXPLICIT_DENY, "explicit deny beats allow");
        add("deny that does not apply", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"bedrock:Delete*\",\"Resource\":\"*\"}]}", "bedrock:InvokeModel", FM_EAST, none, ALLOW, "the deny is for deletes");
        add("deny alone", statement("Deny", "\"*\"", "\"*\"", null), "bedrock:InvokeModel", FM_EAST, none, EXPLICIT_DENY, "denied outright");
        // Policy variables
        add("variable aws:username in resource", allow("\"bedrock:GetInferenceProfile\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${aws:username}\"", null), "bedrock:GetInferenceProfile", APP, Map.of("aws:username", List.of("abc123xyz789")), ALLOW, "${aws:username} = abc123xyz789");
        add("variable other user", allow("\"bedrock:GetInferenceProfile\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${aws:username}\"", null), "bedrock:GetInferenceProfile", APP, Map.of("aws:username", List.of("someone")), IMPLICIT_DENY, "resolves to another id");
        add("variable missing", allow("\"bedrock:GetInferenceProfile\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${aws:username}\"", null), "bedrock:GetInferenceProfile", APP, none, IMPLICIT_DENY, "an unresolvable variable matches nothing");
        add("variable default", allow("\"bedrock:GetInferenceProfile\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${aws:username, 'abc123xyz789'}\"", null), "bedrock:GetInferenceProfile", APP, none, ALLOW, "the default value applies");
        add("variable in 2008 policy is literal", "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${aws:username}\"}}", "bedrock:GetInferenceProfile", APP, Map.of("aws:username", List.of("abc123xyz789")), IMPLICIT_DENY, "2008-10-17 has no variables");
        add("variable in condition", allow("\"bedrock:*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:username", List.of("ana"), "aws:ResourceTag/owner", List.of("ana")), ALLOW, "owner tag equals the user");
        // String operators
        add("StringEquals match", allow("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), ALLOW, "equal");
        add("StringEquals case", allow("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("Search")), IMPLICIT_DENY, "StringEquals is case-sensitive");
        add("StringEqualsIgnoreCase", allow("\"*\"", "\"*\"", "{\"StringEqualsIgnoreCase\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("SEARCH")), ALLOW, "case ignored");
        add("StringEquals key absent", allow("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "absent key: positive operator false");
        add("StringEquals any of values", allow("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":[\"ads\",\"search\"]}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), ALLOW, "values are ORed");
        add("two keys are ANDed", allow("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"search\",\"aws:ResourceTag/env\":\"prod\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search"), "aws:ResourceTag/env", List.of("dev")), IMPLICIT_DENY, "env differs");
        add("two operators are ANDed", allow("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"search\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search"), "aws:SecureTransport", List.of("false")), IMPLICIT_DENY, "transport not secure");
        add("StringNotEquals different", allow("\"*\"", "\"*\"", "{\"StringNotEquals\":{\"aws:ResourceTag/team\":\"ads\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), ALLOW, "search is not ads");
        add("StringNotEquals absent key", allow("\"*\"", "\"*\"", "{\"StringNotEquals\":{\"aws:ResourceTag/team\":\"ads\"}}"), "bedrock:InvokeModel", APP, none, ALLOW, "absent key: negated operator true");
        add("StringNotEquals NOR of values", allow("\"*\"", "\"*\"", "{\"StringNotEquals\":{\"aws:ResourceTag/team\":[\"ads\",\"search\"]}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), IMPLICIT_DENY, "matches one of the excluded");
        add("StringLike wildcard", allow("\"*\"", "\"*\"", "{\"StringLike\":{\"aws:ResourceTag/team\":\"sea*\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), ALLOW, "sea* matches");
        add("StringNotLike", allow("\"*\"", "\"*\"", "{\"StringNotLike\":{\"aws:ResourceTag/team\":\"ad?\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("ads")), IMPLICIT_DENY, "ads matches ad?");
        add("StringEqualsIfExists absent", allow("\"*\"", "\"*\"", "{\"StringEqualsIfExists\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, none, ALLOW, "IfExists: absent key passes");
        add("StringEqualsIfExists present", allow("\"*\"", "\"*\"", "{\"StringEqualsIfExists\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("ads")), IMPLICIT_DENY, "present and different");
        // Set operators
        add("ForAllValues all allowed", allow("\"bedrock:TagResource\"", "\"*\"", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}"), "bedrock:TagResource", APP, Map.of("aws:TagKeys", List.of("team", "env")), ALLOW, "every key allowed");
        add("ForAllValues one extra", allow("\"bedrock:TagResource\"", "\"*\"", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}"), "bedrock:TagResource", APP, Map.of("aws:TagKeys", List.of("team", "cost")), IMPLICIT_DENY, "cost not allowed");
        add("ForAllValues absent key", allow("\"bedrock:TagResource\"", "\"*\"", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}"), "bedrock:TagResource", APP, none, ALLOW, "ForAllValues: absent key is true");
        add("ForAnyValue one matches", allow("\"bedrock:TagResource\"", "\"*\"", "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}"), "bedrock:TagResource", APP, Map.of("aws:TagKeys", List.of("cost", "team")), ALLOW, "team is among them");
        add("ForAnyValue absent key", allow("\"bedrock:TagResource\"", "\"*\"", "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}"), "bedrock:TagResource", APP, none, IMPLICIT_DENY, "ForAnyValue: absent key is false");
        add("deny tag keys outside a set", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"bedrock:TagResource\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}}]}", "bedrock:TagResource", APP, Map.of("aws:TagKeys", List.of("team", "owner")), EXPLICIT_DENY, "owner is outside the set");
        // Numeric, Date, Bool, Null, IpAddress, Arn
        add("NumericLessThanEquals", allow("\"*\"", "\"*\"", "{\"NumericLessThanEquals\":{\"bedrock:MaxTokens\":\"1024\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:MaxTokens", List.of("512")), ALLOW, "512 <= 1024");
        add("NumericGreaterThan false", allow("\"*\"", "\"*\"", "{\"NumericGreaterThan\":{\"bedrock:MaxTokens\":\"1024\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:MaxTokens", List.of("512")), IMPLICIT_DENY, "512 is not > 1024");
        add("NumericEquals not a number", allow("\"*\"", "\"*\"", "{\"NumericEquals\":{\"bedrock:MaxTokens\":\"10\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:MaxTokens", List.of("ten")), IMPLICIT_DENY, "not a number matches nothing");
        add("DateLessThan before", allow("\"*\"", "\"*\"", "{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-31T00:00:00Z\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("2026-11-22T10:00:00Z")), ALLOW, "before the end date");
        add("DateGreaterThan epoch", allow("\"*\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:EpochTime\":\"1800000000\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:EpochTime", List.of("1795000000")), IMPLICIT_DENY, "epoch seconds earlier");
        add("DateGreaterThanEquals ISO vs epoch", allow("\"*\"", "\"*\"", "{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2026-01-01\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("1795000000")), ALLOW, "2026-11-19 >= 2026-01-01");
        add("Bool true", allow("\"*\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SecureTransport", List.of("true")), ALLOW, "secure transport");
        add("Bool deny insecure", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}", "bedrock:InvokeModel", FM_EAST, Map.of("aws:SecureTransport", List.of("false")), EXPLICIT_DENY, "plain HTTP denied");
        add("Null true means absent", allow("\"*\"", "\"*\"", "{\"Null\":{\"bedrock:InferenceProfileArn\":\"true\"}}"), "bedrock:InvokeModel", FM_EAST, none, ALLOW, "no profile in the call");
        add("Null false means present", allow("\"*\"", "\"*\"", "{\"Null\":{\"bedrock:InferenceProfileArn\":\"false\"}}"), "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "key absent");
        add("IpAddress in range", allow("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("10.1.2.3")), ALLOW, "inside 10/8");
        add("IpAddress out of range", allow("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("127.0.0.1")), IMPLICIT_DENY, "loopback outside both");
        add("NotIpAddress", allow("\"*\"", "\"*\"", "{\"NotIpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("127.0.0.1")), IMPLICIT_DENY, "inside the excluded range");
        add("IpAddress IPv6", allow("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"::1/128\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("::1")), ALLOW, "IPv6 loopback");
        add("ArnLike per part", allow("\"*\"", "\"*\"", "{\"ArnLike\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/*\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "any application profile");
        add("ArnEquals expands wildcards", allow("\"*\"", "\"*\"", "{\"ArnEquals\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/*\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "IAM: ArnEquals and ArnLike behave identically");
        add("deny ArnEquals with wildcards", ALLOW_ALL + ",{\"Effect\":\"Deny\",\"Action\":\"bedrock:*\",\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/*\"}}}]}", "bedrock:InvokeModel", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), EXPLICIT_DENY, "the profile matches the pattern part by part");
        add("deny ArnNotEquals with wildcards spares a match", ALLOW_ALL + ",{\"Effect\":\"Deny\",\"Action\":\"bedrock:*\",\"Resource\":\"*\",\"Condition\":{\"ArnNotEquals\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/*\"}}}]}", "bedrock:InvokeModel", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "ArnNotEquals behaves as ArnNotLike");
        add("allow ArnNotEquals with wildcards is not always true", allow("\"*\"", "\"*\"", "{\"ArnNotEquals\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/*\"}}"), "bedrock:InvokeModel", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), IMPLICIT_DENY, "the profile matches the pattern");
        add("ArnNotLike system profile", allow("\"*\"", "\"*\"", "{\"ArnNotLike\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/*\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:InferenceProfileArn", List.of(SYS)), ALLOW, "a system profile is not an application profile");
        add("Date condition on a caller's value too large for a date", allow("\"*\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:RequestTag/expires\":\"2026-01-01\"}}"), "bedrock:TagResource", APP, Map.of("aws:RequestTag/expires", List.of("99999999999999999999")), IMPLICIT_DENY, "a value that cannot be read as a date matches nothing");
        add("DateNotEquals on a caller's value that is not a date", allow("\"*\"", "\"*\"", "{\"DateNotEquals\":{\"aws:RequestTag/expires\":\"2026-01-01\"}}"), "bedrock:TagResource", APP, Map.of("aws:RequestTag/expires", List.of("soon")), IMPLICIT_DENY, "nor does it satisfy the negated operator");
        add("NumericNotEquals on a value that is not a number", allow("\"*\"", "\"*\"", "{\"NumericNotEquals\":{\"bedrock:MaxTokens\":\"10\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:MaxTokens", List.of("ten")), IMPLICIT_DENY, "'ten' is not a number that differs from 10");
        add("IpAddress never resolves a host name", allow("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("localhost")), IMPLICIT_DENY, "localhost is a name, not an address");
        add("IpAddress IPv4-mapped IPv6", allow("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("::ffff:127.0.0.1")), ALLOW, "an IPv4 address written as IPv6");
        add("IpAddress link-local IPv6 with its zone", allow("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"fe80::/10\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:SourceIp", List.of("fe80:0:0:0:0:0:0:1%1")), ALLOW, "the zone names the interface, not the address");
        // Dates as IAM reads them: the W3C profile of ISO 8601, else epoch seconds
        add("DateGreaterThan a four-digit year", allow("\"*\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2100\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("2026-11-22T10:00:00Z")), IMPLICIT_DENY, "2100 is the year 2100, not 2100 seconds after 1970");
        add("DateLessThan a four-digit year", allow("\"*\"", "\"*\"", "{\"DateLessThan\":{\"aws:CurrentTime\":\"2100\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("2026-11-22T10:00:00Z")), ALLOW, "now is before the year 2100");
        add("DateLessThan a year and month", allow("\"*\"", "\"*\"", "{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("2026-11-22T10:00:00Z")), ALLOW, "2026-12 is 1 December 2026");
        add("DateGreaterThan a time without a zone", allow("\"*\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-11-22T09:59:00\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("2026-11-22T10:00:00Z")), ALLOW, "a time without a zone is UTC");
        add("DateEquals minutes with a zone", allow("\"*\"", "\"*\"", "{\"DateEquals\":{\"aws:CurrentTime\":\"2026-11-22T11:00+01:00\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:CurrentTime", List.of("2026-11-22T10:00:00Z")), ALLOW, "the same instant");
        // Escapes and variables' values are literal, never wildcards
        add("${*} in a resource is a literal star", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${*}\"", null), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "${*} is the character *, not a wildcard");
        add("${?} in a resource is a literal question mark", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/abc123xyz78${?}\"", null), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "${?} is the character ?, not a wildcard");
        add("a variable's star in a resource is literal", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/${aws:username}\"", null), "bedrock:InvokeModel", APP, Map.of("aws:username", List.of("*")), IMPLICIT_DENY, "a user named * owns no profile but *");
        add("a variable's colon is no ARN separator", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1:${aws:username}\"", null), "bedrock:InvokeModel", APP, Map.of("aws:username", List.of("*:*")), IMPLICIT_DENY, "the value is the text *:*");
        add("StringLike with ${*} matches the star itself", allow("\"*\"", "\"*\"", "{\"StringLike\":{\"aws:ResourceTag/team\":\"sea${*}\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("sea*")), ALLOW, "the literal star");
        add("StringLike with ${*} is no wildcard", allow("\"*\"", "\"*\"", "{\"StringLike\":{\"aws:ResourceTag/team\":\"sea${*}\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), IMPLICIT_DENY, "search is not sea*");
        add("StringLike with a variable's star is literal", allow("\"*\"", "\"*\"", "{\"StringLike\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:username", List.of("*"), "aws:ResourceTag/owner", List.of("ana")), IMPLICIT_DENY, "a user named * does not own ana's profile");
        add("ArnLike with a variable's star is literal", allow("\"*\"", "\"*\"", "{\"ArnLike\":{\"bedrock:InferenceProfileArn\":\"arn:aws:bedrock:*:*:application-inference-profile/${aws:username}\"}}"), "bedrock:InvokeModel", FM_EAST, Map.of("aws:username", List.of("*"), "bedrock:InferenceProfileArn", List.of(APP)), IMPLICIT_DENY, "the profile id is not *");
        // A variable that cannot be resolved makes the statement invalid: it does not apply
        add("NotResource with an unresolvable variable", NOT_RESOURCE.formatted("Allow", "arn:aws:bedrock:*:*:application-inference-profile/${aws:RequestTag/nope}"), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "an invalid statement allows nothing");
        add("StringNotEquals with an unresolvable variable", allow("\"bedrock:*\"", "\"*\"", "{\"StringNotEquals\":{\"aws:username\":\"${aws:RequestTag/nope}\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:username", List.of("ana")), IMPLICIT_DENY, "an invalid statement allows nothing");
        add("StringNotLike with an unresolvable variable on an absent key", allow("\"bedrock:*\"", "\"*\"", "{\"StringNotLike\":{\"aws:ResourceTag/owner\":\"${aws:RequestTag/nope}\"}}"), "bedrock:InvokeModel", APP, none, IMPLICIT_DENY, "an invalid statement allows nothing");
        // Tags on profiles
        add("ResourceTag allows", allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:*:*:application-inference-profile/*\"", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"search\"}}"), "bedrock:InvokeModel", APP, Map.of("aws:ResourceTag/team", List.of("search")), ALLOW, "profile tagged team=search");
        add("RequestTag required on create", allow("\"bedrock:CreateInferenceProfile\"", "\"*\"", "{\"StringEquals\":{\"aws:RequestTag/cost-center\":\"42\"}}"), "bedrock:CreateInferenceProfile", APP, none, IMPLICIT_DENY, "create without the cost-center tag");
        add("RequestTag present on create", allow("\"bedrock:CreateInferenceProfile\"", "\"*\"", "{\"StringEquals\":{\"aws:RequestTag/cost-center\":\"42\"}}"), "bedrock:CreateInferenceProfile", APP, Map.of("aws:RequestTag/cost-center", List.of("42")), ALLOW, "tagged on create");
        // The seed notebook's policy, as written and as corrected
        add("notebook policy: call through an application profile", NOTEBOOK, "bedrock:InvokeModel", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), EXPLICIT_DENY, "as written, StringNotEquals compares the '*' literally, so the deny applies to every call, as on AWS");
        add("notebook policy: direct model call", NOTEBOOK, "bedrock:InvokeModel", FM_EAST, none, EXPLICIT_DENY, "no profile: StringNotEquals on an absent key is true");
        add("notebook policy: streaming through the profile", NOTEBOOK, "bedrock:InvokeModelWithResponseStream", "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":inference-profile/my-app-profile", none, ALLOW, "the deny names InvokeModel only; the allow matches this ARN");
        add("corrected notebook policy: through the profile", NOTEBOOK_CORRECTED, "bedrock:InvokeModel", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "ArnNotLike matches the profile ARN pattern");
        add("corrected notebook policy: its model in a destination region", NOTEBOOK_CORRECTED, "bedrock:InvokeModel", FM_WEST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "the model through the profile");
        add("corrected notebook policy: direct model call", NOTEBOOK_CORRECTED, "bedrock:InvokeModel", FM_EAST, none, EXPLICIT_DENY, "no profile in the request");
        add("corrected notebook policy: another profile", NOTEBOOK_CORRECTED, "bedrock:InvokeModel", SYS, Map.of("bedrock:InferenceProfileArn", List.of(SYS)), EXPLICIT_DENY, "not the team's profile");
        // The policy generated for a workload
        add("workload: converse through its profile", WORKLOAD, "bedrock:InvokeModel", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "the profile itself");
        add("workload: stream through its profile", WORKLOAD, "bedrock:InvokeModelWithResponseStream", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "streaming allowed");
        add("workload: its model in a destination via the profile", WORKLOAD, "bedrock:InvokeModel", FM_WEST, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "model ARN with the profile in context");
        add("workload: its model directly", WORKLOAD, "bedrock:InvokeModel", FM_EAST, none, IMPLICIT_DENY, "only through the profile");
        add("workload: its model through another profile", WORKLOAD, "bedrock:InvokeModel", FM_EAST, Map.of("bedrock:InferenceProfileArn", List.of(SYS)), IMPLICIT_DENY, "another profile in context");
        add("workload: another profile", WORKLOAD, "bedrock:InvokeModel", SYS, Map.of("bedrock:InferenceProfileArn", List.of(SYS)), IMPLICIT_DENY, "not its profile");
        add("workload: read its profile", WORKLOAD, "bedrock:GetInferenceProfile", APP, none, ALLOW, "GetInferenceProfile on it");
        add("workload: list profiles", WORKLOAD, "bedrock:ListInferenceProfiles", "*", none, ALLOW, "listing allowed");
        add("workload: delete its profile", WORKLOAD, "bedrock:DeleteInferenceProfile", APP, none, IMPLICIT_DENY, "no management rights");
        add("workload: tag its profile", WORKLOAD, "bedrock:TagResource", APP, none, IMPLICIT_DENY, "no tagging");
        add("workload: count tokens", WORKLOAD, "bedrock:CountTokens", APP, Map.of("bedrock:InferenceProfileArn", List.of(APP)), ALLOW, "counting through its profile");
        add("workload: create a profile", WORKLOAD, "bedrock:CreateInferenceProfile", "*", none, IMPLICIT_DENY, "no creation");
    }

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @Test
    void theTableHasAtLeastSixtyCases() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseIsDecidedAsIamDecidesIt(Case c) {
        RequestContext.Builder context = RequestContext.of(c.action(), c.resource());
        c.keys().forEach(context::key);
        List<Policy> policies = c.policy() == null ? List.of() : List.of(Policy.parse("p", c.policy()));

        Decision decision = PolicyEvaluator.evaluate(policies, context.build());

        assertThat(decision.effect()).as(c.why()).isEqualTo(c.expected());
        if (c.expected() != IMPLICIT_DENY) {
            assertThat(decision.statement()).startsWith("p/");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "DateGreaterThan|aws:CurrentTime|99999999999999999999|a date",
        "DateLessThan|aws:CurrentTime|next tuesday|a date",
        "DateEquals|aws:EpochTime|2026-13-01|a date",
        "NumericLessThan|bedrock:MaxTokens|ten|a number",
        "NumericEqualsIfExists|bedrock:MaxTokens|0x10|a number",
        "Bool|aws:SecureTransport|yes|true or false",
        "Null|aws:ResourceTag/team|maybe|true or false",
        "BinaryEquals|aws:RequestTag/blob|not base64!|base64",
        "IpAddress|aws:SourceIp|example.com|an IP address",
        "NotIpAddress|aws:SourceIp|10.0.0.0/33|an IP address",
        "IpAddress|aws:SourceIp|256.1.1.1|an IP address",
        "ForAnyValue:IpAddress|aws:SourceIp|::1/129|an IP address",
    })
    void aConditionValueOfTheWrongTypeIsMalformedNamingItsKey(String operator, String key, String value, String expected) {
        String policy = allow("\"*\"", "\"*\"", "{\"" + operator + "\":{\"" + key + "\":\"" + value + "\"}}");

        assertThatThrownBy(() -> Policy.parse("p", policy)).isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith("Statement[0].Condition." + operator + "." + key + ": '" + value + "' is not " + expected);
    }

    @Test
    void conditionValuesOfTheirTypeAndVariablesAreAccepted() {
        for (String condition : List.of(
                "{\"DateGreaterThan\":{\"aws:CurrentTime\":[\"2026-12-31T00:00:00Z\",\"2026-12-31\",\"1800000000\",\"2026-12-31T01:00:00+01:00\"]}}",
                "{\"NumericLessThan\":{\"bedrock:MaxTokens\":[\"10\",\"-2.5\",\"1e3\"]}}",
                "{\"Bool\":{\"aws:SecureTransport\":[\"TRUE\",\"false\"]},\"Null\":{\"aws:TagKeys\":\"true\"}}",
                "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.1\",\"2001:db8::/32\",\"::1\"]}}",
                "{\"BinaryEquals\":{\"aws:RequestTag/blob\":\"QmluYXJ5\"}}",
                "{\"DateLessThan\":{\"aws:CurrentTime\":[\"2100\",\"2026-12\",\"2026-12-01T00:00:00\",\"2026-12-01T00:00Z\",\"2026-12-01T00:00:00.5-05:00\"]}}",
                "{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"},\"Bool\":{\"aws:SecureTransport\":\"${aws:RequestTag/tls}\"}}")) {
            assertThat(Policy.parse("p", allow("\"*\"", "\"*\"", condition)).name()).as(condition).isEqualTo("p");
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"DateLessThan", "DateNotEquals", "NumericNotEquals",
        "BinaryEquals", "IpAddress", "NotIpAddress"})
    void aPolicyVariableInAnOperatorThatTakesNoneIsMalformed(String operator) {
        String policy = allow("\"*\"", "\"*\"", "{\"" + operator + "\":{\"aws:CurrentTime\":\"${aws:username}\"}}");

        assertThatThrownBy(() -> Policy.parse("p", policy)).isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Statement[0].Condition." + operator + ".aws:CurrentTime: '${aws:username}': policy variables "
                        + "cannot be used with the " + operator + " operator.");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "DateNotEquals|aws:CurrentTime|${aws:username}|2026-11-22T10:00:00Z",
        "NumericNotEquals|aws:EpochTime|${aws:username}|1795000000",
        "DateNotEquals|aws:CurrentTime|next tuesday|2026-11-22T10:00:00Z",
        "NotIpAddress|aws:SourceIp|example.com|127.0.0.1",
        "NumericEquals|aws:EpochTime|ten|1795000000",
    })
    void aStoredValueThatCannotBeReadSatisfiesNeitherTheOperatorNorItsNegation(String operator, String key, String value,
                                                                              String present) {
        String policy = allow("\"*\"", "\"*\"", "{\"" + operator + "\":{\"" + key + "\":\"" + value + "\"}}");
        RequestContext context = RequestContext.of("bedrock:InvokeModel", FM_EAST).key(key, present)
                .key("aws:username", "ana").build();

        Decision decision = PolicyEvaluator.evaluate(List.of(Policy.parseStored("p", policy)), context);

        assertThat(decision.effect()).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void aVariableThatResolvesToNoBooleanSatisfiesNeitherBoolNorAnything() {
        String policy = allow("\"*\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"${aws:username}\"}}");
        RequestContext context = RequestContext.of("bedrock:InvokeModel", FM_EAST).key("aws:SecureTransport", "true")
                .key("aws:username", "true-ish").build();

        assertThat(PolicyEvaluator.evaluate(List.of(Policy.parse("p", policy)), context).effect()).isEqualTo(IMPLICIT_DENY);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a repeated Effect|{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Effect\":\"Allow\"}]}|Duplicate field 'Effect'",
        "a repeated Statement|{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"},\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}|Duplicate field 'Statement'",
        "a repeated condition key|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":\"a\",\"k\":\"b\"}}}}|Duplicate field 'k'",
        "trailing data|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}} {}|not one JSON document",
    })
    void aDocumentReadLooselyIsMalformed(String name, String document, String message) {
        assertThatThrownBy(() -> Policy.parse("p", document)).isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> Policy.parseStored("p", document)).isInstanceOf(MalformedPolicyException.class);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"arn:aws:*:*:*:*", "arn:aws:bed*:*:*:*", "arn:aws:bedroc?:*",
        "arn:aws:*"})
    void aWildcardInTheServicePartOfAResourceIsMalformed(String resource) {
        assertThatThrownBy(() -> Policy.parse("p", allow("\"*\"", "\"" + resource + "\"", null)))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Statement[0].Resource: '" + resource + "' has a wildcard in its service part; IAM does not allow one there.");
        assertThatThrownBy(() -> Policy.parse("p", NOT_RESOURCE.formatted("Allow", resource)))
                .isInstanceOf(MalformedPolicyException.class);
    }

    @Test
    void aStoredPolicyWithAValueOfTheWrongTypeLoadsAndMatchesNothing() {
        String locksOut = allow("\"*\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"99999999999999999999\"}}");
        RequestContext context = RequestContext.of("bedrock:InvokeModel", FM_EAST)
                .key("aws:CurrentTime", "2026-11-22T10:00:00Z").build();

        Decision decision = PolicyEvaluator.evaluate(List.of(Policy.parseStored("p", locksOut)), context);

        assertThat(decision.effect()).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void malformedPoliciesAreRejectedWithTheElementAtFault() {
        assertThatThrownBy(() -> Policy.parse("p", "{\"Version\":\"2012-10-17\"}"))
                .isInstanceOf(MalformedPolicyException.class).hasMessageContaining("Statement");
        assertThatThrownBy(() -> Policy.parse("p", statement("Permit", "\"*\"", "\"*\"", null)))
                .hasMessageContaining("Effect must be Allow or Deny");
        assertThatThrownBy(() -> Policy.parse("p", allow("\"invoke\"", "\"*\"", null)))
                .hasMessageContaining("not of the form service:Action");
        assertThatThrownBy(() -> Policy.parse("p", allow("\"*\"", "\"bedrock\"", null)))
                .hasMessageContaining("must be * or an ARN");
        assertThatThrownBy(() -> Policy.parse("p", allow("\"*\"", "\"*\"", "{\"StringSortOf\":{\"k\":\"v\"}}")))
                .hasMessageContaining("Unknown condition operator: StringSortOf");
        assertThatThrownBy(() -> Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}}"))
                .hasMessageContaining("should not specify a principal");
        assertThatThrownBy(() -> Policy.parse("p", "{\"Version\":\"2019-01-01\",\"Statement\":[]}"))
                .hasMessageContaining("Version");
    }
}
