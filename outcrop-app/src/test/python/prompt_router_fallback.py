"""A prompt router whose scoring service fails, through boto3: the router's fallback model serves, Converse and
ConverseStream alike, and the decision header says why.

Usage: python3 prompt_router_fallback.py ENDPOINT CUSTOM_ROUTER_ARN
Prints one line a check, "name: value".
"""
import json
import sys

import boto3

ENDPOINT = sys.argv[1]
CUSTOM = sys.argv[2]
DEFAULT = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
EASY = [{"role": "user", "content": [{"text": "What is the capital of France?"}]}]
HARD = [{"role": "user", "content": [{"text": "Prove step by step that the algorithm terminates, then refactor "
                                              "the code:\n```python\ndef f(x):\n    return f(x - 1) if x else 0\n```"}]}]

runtime = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=ENDPOINT)


def ask_for_decision(request, **kwargs):
    request.headers["x-outcrop-router-debug"] = "decision"


runtime.meta.events.register("before-sign.bedrock-runtime.Converse", ask_for_decision)
answer = runtime.converse(modelId=DEFAULT, messages=EASY)
print("default easy:", answer["trace"]["promptRouter"]["invokedModelId"])
decision = json.loads(answer["ResponseMetadata"]["HTTPHeaders"]["x-outcrop-router-decision"])
print("decision:", decision["reason"], len(decision["predictions"]))
print("custom hard:", runtime.converse(modelId=CUSTOM, messages=HARD)["trace"]["promptRouter"]["invokedModelId"])
for event in runtime.converse_stream(modelId=CUSTOM, messages=HARD)["stream"]:
    if "metadata" in event:
        print("custom stream hard:", event["metadata"]["trace"]["promptRouter"]["invokedModelId"])
