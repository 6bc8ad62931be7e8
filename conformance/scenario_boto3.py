"""The conformance scenario, driven by boto3/botocore exactly as they ship (their default configuration).

ClientConformanceTest runs it against a real `outcrop serve` and reads one line a check: PASS <check>,
FAIL <check>: <why> or SKIP <check>: <why>. The same checks as scenario.mjs and ClientScenario.java; the
environment names the server, the credentials and the regions with faults.
"""
import json
import os
import re
import sys

try:
    import boto3
    import botocore
    from botocore.exceptions import ClientError, EventStreamError
except ImportError as missing:
    print(f"SKIP boto3: not installed ({missing})")
    sys.exit(0)

env = os.environ
ENDPOINT = env["OUTCROP_ENDPOINT"]
REGION = "us-east-1"
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
SYSTEM_PROFILE = "us." + MODEL
MODEL_ARN = f"arn:aws:bedrock:{REGION}::foundation-model/{MODEL}"
NAME = "conformance-" + env.get("OUTCROP_CLIENT", "boto3")
MESSAGES = [{"role": "user", "content": [{"text": "What is the weather in Lisbon?"}]}]
TOOL_CONFIG = {"tools": [{"toolSpec": {"name": "weather", "description": "The weather in a city", "inputSchema": {
    "json": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}}]}
NATIVE_BODY = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                          "messages": [{"role": "user", "content": "Say hello"}]})
ROOT = {"aws_access_key_id": env["OUTCROP_ACCESS_KEY_ID"], "aws_secret_access_key": env["OUTCROP_SECRET_ACCESS_KEY"]}
DENIED = {"aws_access_key_id": env["OUTCROP_DENIED_ACCESS_KEY_ID"],
          "aws_secret_access_key": env["OUTCROP_DENIED_SECRET_ACCESS_KEY"]}


def client(service, region=REGION, credentials=ROOT):
    return boto3.session.Session(region_name=region, **credentials).client(service, endpoint_url=ENDPOINT)


bedrock = client("bedrock")
runtime = client("bedrock-runtime")
agent = client("bedrock-agent")


def check(name, body):
    try:
        body()
        print(f"PASS {name}", flush=True)
    except Exception as e:  # every failure is a line of the report, never the end of the run
        why = " ".join(str(e).split())
        print(f"FAIL {name}: {type(e).__name__} {why}", flush=True)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def expect_error(code, call):
    """Calls, drains any event stream, and expects the Bedrock error `code` (as the exception's error code)."""
    try:
        out = call()
        for _ in out.get("stream", []):
            pass
    except (ClientError, EventStreamError) as e:
        got = e.response["Error"]["Code"]
        expect(got.lower() == code.lower(), f"expected {code}, got {got}: {e}")
        return e
    raise AssertionError(f"expected {code}, got success")


state = {}


def list_system_profiles():
    out = bedrock.list_inference_profiles(typeEquals="SYSTEM_DEFINED")
    expect(any(p["inferenceProfileId"] == SYSTEM_PROFILE for p in out["inferenceProfileSummaries"]), "no " + SYSTEM_PROFILE)


def page_profiles():
    first = bedrock.list_inference_profiles(maxResults=2)
    expect(len(first["inferenceProfileSummaries"]) == 2 and first.get("nextToken"), "a first page of 2 with a nextToken")
    second = bedrock.list_inference_profiles(maxResults=2, nextToken=first["nextToken"])
    expect(second["inferenceProfileSummaries"][0]["inferenceProfileArn"]
           != first["inferenceProfileSummaries"][0]["inferenceProfileArn"], "the second page repeats the first")


def create():
    return bedrock.create_inference_profile(inferenceProfileName=NAME, clientRequestToken="token-" + NAME, modelSource={
        "copyFrom": f"arn:aws:bedrock:{REGION}:123456789012:inference-profile/{SYSTEM_PROFILE}"})["inferenceProfileArn"]


def create_profile():
    state["arn"] = create()
    expect(":application-inference-profile/" in state["arn"], "ARN " + state["arn"])


def get_profile():
    out = bedrock.get_inference_profile(inferenceProfileIdentifier=state["arn"])
    expect(out["type"] == "APPLICATION" and out["status"] == "ACTIVE" and out["inferenceProfileName"] == NAME, str(out))


def tag():
    bedrock.tag_resource(resourceARN=state["arn"], tags=[{"key": "team", "value": "a b+c/=@"}])
    tags = bedrock.list_tags_for_resource(resourceARN=state["arn"])["tags"]
    expect({"key": "team", "value": "a b+c/=@"} in tags, str(tags))


def untag():
    bedrock.untag_resource(resourceARN=state["arn"], tagKeys=["team"])
    tags = bedrock.list_tags_for_resource(resourceARN=state["arn"])["tags"]
    expect(tags == [], str(tags))


check("list system profiles", list_system_profiles)
check("page profiles", page_profiles)
check("create application profile", create_profile)
check("create again with the same token", lambda: expect(create() == state["arn"], "another ARN"))
check("name conflict", lambda: expect_error("ConflictException", lambda: bedrock.create_inference_profile(
    inferenceProfileName=NAME, modelSource={"copyFrom": MODEL_ARN})))
check("get application profile", get_profile)
check("tag and list tags", tag)
check("untag", untag)


def converse(model_id):
    out = runtime.converse(modelId=model_id, messages=MESSAGES)
    expect(out["output"]["message"]["content"][0]["text"] and out["usage"]["outputTokens"] > 0, str(out["output"]))


def converse_stream(model_id):
    seen = set()
    for event in runtime.converse_stream(modelId=model_id, messages=MESSAGES, toolConfig=TOOL_CONFIG)["stream"]:
        seen.update(event.keys())
    for kind in ("messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"):
        expect(kind in seen, f"no {kind} among {sorted(seen)}")


def invoke(model_id):
    answer = json.loads(runtime.invoke_model(modelId=model_id, body=NATIVE_BODY)["body"].read())
    expect(answer["type"] == "message" and answer["content"][0]["text"], str(answer))


def invoke_stream(model_id):
    types = [json.loads(e["chunk"]["bytes"])["type"]
             for e in runtime.invoke_model_with_response_stream(modelId=model_id, body=NATIVE_BODY)["body"]]
    expect(types and types[0] == "message_start" and types[-1] == "message_stop", ",".join(types))


def count_tokens(model_id):
    out = runtime.count_tokens(modelId=model_id, input={"converse": {"messages": MESSAGES}})
    expect(out["inputTokens"] > 0, str(out))


for via, model_id in (("foundation-model ARN", MODEL_ARN), ("system profile id", SYSTEM_PROFILE),
                      ("application profile ARN", state.get("arn", "missing"))):
    check(f"converse via {via}", lambda m=model_id: converse(m))
    check(f"converse stream via {via}", lambda m=model_id: converse_stream(m))
    check(f"invoke model via {via}", lambda m=model_id: invoke(m))
    check(f"invoke model with response stream via {via}", lambda m=model_id: invoke_stream(m))
    check(f"count tokens via {via}", lambda m=model_id: count_tokens(m))


# Prompt management: a prompt whose variant runs on the application profile, versioned, run with promptVariables.
PROMPT_VARIABLES = {"city": {"text": "Lisbon"}}


def prompt_request():
    return dict(name=NAME, clientToken=f"prompt-token-{NAME}-0123456789abcdef", defaultVariant="main",
                tags={"team": "conformance"}, variants=[{
                    "name": "main", "templateType": "CHAT", "modelId": state.get("arn", "missing"),
                    "templateConfiguration": {"chat": {
                        "system": [{"text": "You answer about {{city}}."}],
                        "messages": [{"role": "user", "content": [{"text": "What is the weather in {{city}}?"}]}],
                        "inputVariables": [{"name": "city"}]}},
                    "inferenceConfiguration": {"text": {"temperature": 0.2, "maxTokens": 100}}}])


def create_prompt():
    state["prompt"] = agent.create_prompt(**prompt_request())
    expect(state["prompt"]["version"] == "DRAFT" and re.search(r":prompt/[0-9A-Z]{10}$", state["prompt"]["arn"]),
           str(state["prompt"]))
    expect(agent.create_prompt(**prompt_request())["id"] == state["prompt"]["id"], "the same token made another prompt")


def create_prompt_version():
    state["version"] = agent.create_prompt_version(promptIdentifier=state["prompt"]["id"], description="v1")
    expect(state["version"]["version"] == "1" and state["version"]["arn"] == state["prompt"]["arn"] + ":1",
           str(state["version"]))


def get_prompt():
    draft = agent.get_prompt(promptIdentifier=state["prompt"]["id"])
    v1 = agent.get_prompt(promptIdentifier=state["prompt"]["id"], promptVersion="1")
    expect(draft["version"] == "DRAFT" and v1["version"] == "1" and v1["variants"][0]["modelId"] == state["arn"], str(v1))


def list_prompts():
    every = agent.list_prompts()["promptSummaries"]
    versions = agent.list_prompts(promptIdentifier=state["prompt"]["id"])["promptSummaries"]
    expect(any(p["id"] == state["prompt"]["id"] for p in every), str(every))
    expect([p["version"] for p in versions] == ["DRAFT", "1"], str(versions))


def converse_prompt():
    out = runtime.converse(modelId=state["version"]["arn"], promptVariables=PROMPT_VARIABLES)
    expect(out["output"]["message"]["content"][0]["text"] and out["usage"]["outputTokens"] > 0, str(out["output"]))


def converse_stream_prompt():
    text = "".join(e["contentBlockDelta"]["delta"].get("text", "") for e in runtime.converse_stream(
        modelId=state["version"]["arn"], promptVariables=PROMPT_VARIABLES)["stream"] if "contentBlockDelta" in e)
    expect(text, "no text")


def invoke_prompt():
    answer = json.loads(runtime.invoke_model(modelId=state["version"]["arn"], contentType="application/json",
                                             body=json.dumps({"promptVariables": PROMPT_VARIABLES}))["body"].read())
    expect(answer["output"]["message"]["content"][0]["text"], str(answer))


def prompt_validation():
    e = expect_error("ValidationException", lambda: runtime.converse(
        modelId=state["version"]["arn"], promptVariables=PROMPT_VARIABLES, system=[{"text": "Be brief."}]))
    expect("'system'" in str(e), str(e))


def delete_prompt():
    deleted = agent.delete_prompt(promptIdentifier=state["prompt"]["id"], promptVersion="1")
    expect(deleted["version"] == "1", str(deleted))
    agent.delete_prompt(promptIdentifier=state["prompt"]["id"])
    expect_error("ResourceNotFoundException", lambda: agent.get_prompt(promptIdentifier=state["prompt"]["id"]))


check("create prompt", create_prompt)
check("create prompt version", create_prompt_version)
check("get prompt draft and version", get_prompt)
check("list prompts and versions", list_prompts)
check("converse through a prompt version", converse_prompt)
check("converse stream through a prompt version", converse_stream_prompt)
check("invoke model through a prompt version", invoke_prompt)
check("prompt ValidationException", prompt_validation)
check("delete prompt version and prompt", delete_prompt)


def validation():
    e = expect_error("ValidationException", lambda: runtime.converse(
        modelId=MODEL, messages=MESSAGES, inferenceConfig={"temperature": 5}))
    expect("inferenceConfig.temperature" in str(e), str(e))


def api_key():
    os.environ["AWS_BEARER_TOKEN_BEDROCK"] = env["OUTCROP_API_KEY"]
    try:
        keyed = boto3.session.Session(region_name=REGION).client("bedrock-runtime", endpoint_url=ENDPOINT)
        out = keyed.converse(modelId=MODEL, messages=MESSAGES)
        expect(out["output"]["message"]["content"][0]["text"], str(out["output"]))
        listed = boto3.session.Session(region_name=REGION).client("bedrock", endpoint_url=ENDPOINT)
        page = listed.list_inference_profiles(maxResults=1)
        expect(len(page["inferenceProfileSummaries"]) == 1, str(page))
    finally:
        del os.environ["AWS_BEARER_TOKEN_BEDROCK"]


def delete():
    bedrock.delete_inference_profile(inferenceProfileIdentifier=state["arn"])
    expect_error("ResourceNotFoundException", lambda: bedrock.get_inference_profile(inferenceProfileIdentifier=state["arn"]))


check("ValidationException", validation)
check("ResourceNotFoundException", lambda: expect_error("ResourceNotFoundException", lambda: bedrock.get_inference_profile(
    inferenceProfileIdentifier=re.sub(r"/[^/]+$", "/nosuchprofile1", state["arn"]))))
check("AccessDeniedException", lambda: expect_error("AccessDeniedException", lambda: client(
    "bedrock-runtime", credentials=DENIED).converse(modelId=MODEL, messages=MESSAGES)))
check("ThrottlingException", lambda: expect_error("ThrottlingException", lambda: client(
    "bedrock-runtime", region=env["OUTCROP_THROTTLED_REGION"]).converse(modelId=MODEL, messages=MESSAGES)))
check("exception event mid-stream", lambda: expect_error("modelStreamErrorException", lambda: client(
    "bedrock-runtime", region=env["OUTCROP_CUT_REGION"]).converse_stream(modelId=MODEL, messages=MESSAGES)))
check("wrong secret", lambda: expect_error("InvalidSignatureException", lambda: client("bedrock-runtime", credentials={
    **ROOT, "aws_secret_access_key": ROOT["aws_secret_access_key"] + "x"}).converse(modelId=MODEL, messages=MESSAGES)))
check("API key", api_key)
check("delete application profile", delete)
