"""A prompt whose variant runs on an application profile with a stored configuration, through boto3.

Run by PromptManagementBoto3Test: argv[1] is the server's endpoint, argv[2] the profile's ARN; the credentials
come from the environment. Creates and versions the prompt with bedrock-agent, runs the version with Converse,
ConverseStream and InvokeModel (the Java test then reads, at its fake backend, what each call sent), and runs a
second prompt whose maxTokens breaks the profile's limit. Prints one line a check, PASS <check> or FAIL <check>: <why>.
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError

from checks import check, expect

ENDPOINT, PROFILE = sys.argv[1], sys.argv[2]
REGION = "us-east-1"
agent = boto3.client("bedrock-agent", region_name=REGION, endpoint_url=ENDPOINT)
runtime = boto3.client("bedrock-runtime", region_name=REGION, endpoint_url=ENDPOINT)
VARIABLES = {"persona": {"text": "a pirate"}, "name": {"text": "Ann"}}


def variant(max_tokens):
    return {"name": "main", "templateType": "CHAT", "modelId": PROFILE,
            "templateConfiguration": {"chat": {
                "system": [{"text": "You are {{persona}}."}],
                "messages": [{"role": "user", "content": [{"text": "Hello, I am {{name}}."}]}],
                "inputVariables": [{"name": "persona"}, {"name": "name"}]}},
            "inferenceConfiguration": {"text": {"temperature": 0.25, "topP": 0.5, "maxTokens": max_tokens,
                                                "stopSequences": ["STOP"]}}}


def version_of(name, max_tokens):
    prompt = agent.create_prompt(name=name, defaultVariant="main", variants=[variant(max_tokens)])
    return agent.create_prompt_version(promptIdentifier=prompt["id"])["arn"]


state = {}


def create():
    state["arn"] = version_of("pirate", 77)
    expect(state["arn"].endswith(":1"), state["arn"])


def converse():
    answer = runtime.converse(modelId=state["arn"], promptVariables=VARIABLES)
    expect(answer["output"]["message"]["content"][0]["text"] == "Arr, Ann!", answer)


def converse_stream():
    text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in runtime.converse_stream(
        modelId=state["arn"], promptVariables=VARIABLES)["stream"] if "contentBlockDelta" in e)
    expect(text == "Arr, Ann!", text)


def invoke_model():
    answer = json.loads(runtime.invoke_model(modelId=state["arn"], contentType="application/json",
                                             body=json.dumps({"promptVariables": VARIABLES}))["body"].read())
    expect(answer["output"]["message"]["content"][0]["text"] == "Arr, Ann!", answer)


def over_the_limit():
    arn = version_of("greedy", 500)
    try:
        runtime.converse(modelId=arn, promptVariables=VARIABLES)
    except ClientError as e:
        expect(e.response["Error"]["Code"] == "ValidationException", e)
        expect("less than or equal to 100, the limit set by inference profile " + PROFILE in str(e), str(e))
        return
    raise AssertionError("a prompt above the profile's maxTokens limit was served")


for name, body in [("create and version", create), ("converse", converse), ("converse stream", converse_stream),
                   ("invoke model", invoke_model), ("a prompt over the profile's limit", over_the_limit)]:
    check(name, body)
