"""Prompt management through boto3's bedrock-agent client, every operation and its errors.

Run by PromptManagementBoto3Test: argv[1] is the server's endpoint, the credentials come from the environment.
Prints one line a check, PASS <check> or FAIL <check>: <why>.
"""
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

from checks import check, expect

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
agent = boto3.client("bedrock-agent", region_name=REGION, endpoint_url=ENDPOINT)
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
VARIANT = {
    "name": "main",
    "templateType": "TEXT",
    "modelId": MODEL,
    "templateConfiguration": {"text": {"text": "Summarise {{topic}} in one line.",
                                       "inputVariables": [{"name": "topic"}]}},
    "inferenceConfiguration": {"text": {"temperature": 0.2, "maxTokens": 100}},
}


def expect_error(code, call):
    try:
        call()
    except ClientError as e:
        got = e.response["Error"]["Code"]
        expect(got == code, f"expected {code}, got {got}: {e}")
        return e
    raise AssertionError(f"expected {code}, the call succeeded")


state = {}


def create():
    token = str(uuid.uuid4())
    created = agent.create_prompt(name="summary", description="One-line summaries", variants=[VARIANT],
                                  defaultVariant="main", clientToken=token, tags={"team": "docs"})
    expect(created["version"] == "DRAFT", created)
    expect(created["arn"] == f"arn:aws:bedrock:{REGION}:000000000000:prompt/{created['id']}"
           or created["arn"].endswith(":prompt/" + created["id"]), created["arn"])
    again = agent.create_prompt(name="summary", description="One-line summaries", variants=[VARIANT],
                                defaultVariant="main", clientToken=token, tags={"team": "docs"})
    expect(again["id"] == created["id"], "the same token answers the same prompt")
    state["prompt"] = created


def get_draft():
    got = agent.get_prompt(promptIdentifier=state["prompt"]["id"])
    expect(got["variants"][0]["templateConfiguration"]["text"]["text"] == "Summarise {{topic}} in one line.", got)
    expect(got["variants"][0]["inferenceConfiguration"]["text"]["temperature"] == 0.2, got)


def version_and_update():
    v1 = agent.create_prompt_version(promptIdentifier=state["prompt"]["arn"], description="first release")
    expect(v1["version"] == "1" and v1["arn"] == state["prompt"]["arn"] + ":1", v1)
    changed = dict(VARIANT, templateConfiguration={"text": {"text": "Changed {{topic}}",
                                                            "inputVariables": [{"name": "topic"}]}})
    updated = agent.update_prompt(promptIdentifier=state["prompt"]["id"], name="summary", variants=[changed],
                                  defaultVariant="main")
    expect(updated["variants"][0]["templateConfiguration"]["text"]["text"] == "Changed {{topic}}", updated)
    kept = agent.get_prompt(promptIdentifier=state["prompt"]["id"], promptVersion="1")
    expect(kept["variants"][0]["templateConfiguration"]["text"]["text"] == "Summarise {{topic}} in one line.",
           "version 1 kept its template")
    expect(kept["description"] == "first release", kept)
    state["v1"] = v1


def list_prompts():
    listed = agent.list_prompts()
    expect(any(s["id"] == state["prompt"]["id"] and s["version"] == "DRAFT" for s in listed["promptSummaries"]),
           listed)
    versions = agent.list_prompts(promptIdentifier=state["prompt"]["id"])
    expect([s["version"] for s in versions["promptSummaries"]] == ["DRAFT", "1"], versions)


def paginate():
    for i in range(12):
        agent.create_prompt(name=f"page{i}", variants=[])
    pages = agent.get_paginator("list_prompts").paginate(PaginationConfig={"PageSize": 5})
    names = [s["name"] for page in pages for s in page["promptSummaries"]]
    expect(len(names) == len(set(names)) and all(f"page{i}" in names for i in range(12)), names)


def tags():
    arn = state["prompt"]["arn"]
    expect(agent.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "docs"}, "tags of the create")
    agent.tag_resource(resourceArn=arn, tags={"stage": "beta"})
    agent.untag_resource(resourceArn=arn, tagKeys=["team"])
    expect(agent.list_tags_for_resource(resourceArn=arn)["tags"] == {"stage": "beta"}, "tagged and untagged")
    version_arn = state["v1"]["arn"]
    agent.tag_resource(resourceArn=version_arn, tags={"release": "1"})
    expect(agent.list_tags_for_resource(resourceArn=version_arn)["tags"] == {"release": "1"}, "a version's tags")


def errors():
    pid = state["prompt"]["id"]
    expect_error("ValidationException", lambda: agent.create_prompt(name="bad name!", variants=[]))
    expect_error("ValidationException", lambda: agent.create_prompt(name="wrongtype", variants=[
        dict(VARIANT, templateType="CHAT")]))
    expect_error("ValidationException", lambda: agent.create_prompt(name="nomodel", variants=[
        dict(VARIANT, modelId="no.such-model-v1:0")]))
    expect_error("ValidationException", lambda: agent.create_prompt(name="nodefault", variants=[VARIANT],
                                                                    defaultVariant="other"))
    expect_error("ValidationException", lambda: agent.create_prompt(name="hot", variants=[
        dict(VARIANT, inferenceConfiguration={"text": {"temperature": 1.5}})]))
    expect_error("ConflictException", lambda: agent.create_prompt(name="summary", variants=[]))
    expect_error("ResourceNotFoundException", lambda: agent.get_prompt(promptIdentifier="ABCDEFGHIJ"))
    expect_error("ResourceNotFoundException", lambda: agent.get_prompt(promptIdentifier=pid, promptVersion="9"))
    expect_error("ValidationException", lambda: agent.update_prompt(promptIdentifier=state["v1"]["arn"],
                                                                    name="summary", variants=[]))
    expect_error("ValidationException", lambda: agent.list_prompts(nextToken="not-a-token-of-this-listing"))
    expect_error("ResourceNotFoundException", lambda: agent.tag_resource(
        resourceArn=f"arn:aws:bedrock:{REGION}:000000000000:prompt/ZZZZZZZZZZ", tags={"a": "b"}))


def delete():
    pid = state["prompt"]["id"]
    agent.create_prompt_version(promptIdentifier=pid)
    deleted = agent.delete_prompt(promptIdentifier=pid, promptVersion="1")
    expect(deleted["id"] == pid and deleted["version"] == "1", deleted)
    expect_error("ResourceNotFoundException", lambda: agent.get_prompt(promptIdentifier=pid, promptVersion="1"))
    expect(agent.get_prompt(promptIdentifier=pid, promptVersion="2")["version"] == "2", "version 2 stays")
    gone = agent.delete_prompt(promptIdentifier=pid)
    expect(gone["id"] == pid and "version" not in gone, gone)
    expect_error("ResourceNotFoundException", lambda: agent.get_prompt(promptIdentifier=pid))
    expect_error("ResourceNotFoundException", lambda: agent.get_prompt(promptIdentifier=pid, promptVersion="2"))


def run_version():
    runtime = boto3.client("bedrock-runtime", region_name=REGION, endpoint_url=ENDPOINT)
    variables = {"topic": {"text": "tides"}}
    answer = runtime.converse(modelId=state["v1"]["arn"], promptVariables=variables)
    expect("Summarise tides in one line." in answer["output"]["message"]["content"][0]["text"], answer)
    streamed = "".join(event["contentBlockDelta"]["delta"]["text"] for event in runtime.converse_stream(
        modelId=state["v1"]["arn"], promptVariables=variables)["stream"] if "contentBlockDelta" in event)
    expect("Summarise tides in one line." in streamed, streamed)
    expect_error("ValidationException", lambda: runtime.converse(
        modelId=state["v1"]["arn"], promptVariables=variables, system=[{"text": "Be brief."}]))


def unserved():
    expect_error("UnknownOperationException", lambda: agent.list_agents())


for name, body in [("create", create), ("get draft", get_draft), ("version and update", version_and_update),
                   ("list", list_prompts), ("paginate", paginate), ("tags", tags), ("run a version", run_version),
                   ("errors", errors),
                   ("delete", delete), ("unserved operation", unserved)]:
    check(name, body)
