"""Prompt routers through boto3, as a user writes them: every control-plane operation and its errors, then
Converse and ConverseStream through the default Anthropic router and a custom router.

Usage: python3 prompt_routers.py ENDPOINT
Prints one line a check, "name: value"; exits non-zero on the first unexpected answer.
"""
import sys

import boto3
import botocore.exceptions

ENDPOINT = sys.argv[1]
ACCOUNT = "arn:aws:bedrock:us-east-1:123456789012:"
HAIKU = ACCOUNT + "inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"
SONNET = ACCOUNT + "inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0"
NOVA = ACCOUNT + "inference-profile/us.amazon.nova-pro-v1:0"
DEFAULT = ACCOUNT + "default-prompt-router/anthropic.claude:1"
EASY = "What is the capital of France?"
HARD = ("Analyze this algorithm step by step and prove its complexity. First, explain why the recurrence holds, "
        "then derive the closed form of the equation, compare it with the integral bound and refactor the code:\n"
        "```python\ndef solve(xs):\n    return sorted(xs)[len(xs) // 2]\n```\n"
        "Finally, justify the trade-off between the two designs and evaluate the probability of the worst case.")

bedrock = boto3.client("bedrock", region_name="us-east-1", endpoint_url=ENDPOINT)
runtime = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=ENDPOINT)


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
    return "no error"


def router(name, models, fallback, difference, **extra):
    return lambda: bedrock.create_prompt_router(
        promptRouterName=name, models=[{"modelArn": m} for m in models], fallbackModel={"modelArn": fallback},
        routingCriteria={"responseQualityDifference": difference}, **extra)


print("default routers:", ",".join(r["promptRouterArn"].split("/", 1)[1]
                                   for r in bedrock.list_prompt_routers()["promptRouterSummaries"]))
print("default type:", bedrock.get_prompt_router(promptRouterArn=DEFAULT)["type"])
arn = router("boto3-router", [HAIKU, SONNET], SONNET, 10, tags=[{"key": "team", "value": "py"}])()["promptRouterArn"]
print("custom listed:", arn in [r["promptRouterArn"] for r in
                                bedrock.list_prompt_routers(type="custom")["promptRouterSummaries"]])
print("custom tags:", bedrock.list_tags_for_resource(resourceARN=arn)["tags"])
print("name conflict:", error_code(router("boto3-router", [HAIKU, SONNET], SONNET, 10)))
print("two providers:", error_code(router("mixed", [HAIKU, NOVA], HAIKU, 10)))
print("bad fallback:", error_code(router("fallback", [HAIKU, SONNET], NOVA, 10)))
print("bad step:", error_code(router("step", [HAIKU, SONNET], SONNET, 7)))
print("delete default:", error_code(lambda: bedrock.delete_prompt_router(promptRouterArn=DEFAULT)))
print("get unknown:", error_code(lambda: bedrock.get_prompt_router(promptRouterArn=ACCOUNT + "prompt-router/zzzzzzzzzzzz")))


def converse(model_id, text):
    answer = runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": text}]}])
    return answer["trace"]["promptRouter"]["invokedModelId"]


def converse_stream(model_id, text):
    stream = runtime.converse_stream(modelId=model_id, messages=[{"role": "user", "content": [{"text": text}]}])
    for event in stream["stream"]:
        if "metadata" in event:
            return event["metadata"]["trace"]["promptRouter"]["invokedModelId"]
    return None


print("default easy:", converse(DEFAULT, EASY))
print("default hard:", converse(DEFAULT, HARD))
print("custom stream easy:", converse_stream(arn, EASY))
print("custom stream hard:", converse_stream(arn, HARD))
bedrock.delete_prompt_router(promptRouterArn=arn)
print("deleted:", error_code(lambda: bedrock.get_prompt_router(promptRouterArn=arn)))
