"""Prompt routers through boto3, as a user writes them: every control-plane operation and its errors, then
Converse and ConverseStream through the default Anthropic router and a custom router, the decision header, and
IAM on the router and on the invoked model.

Usage: python3 prompt_routers.py ENDPOINT [DENIED_HAIKU_KEY DENIED_HAIKU_SECRET DENIED_ROUTERS_KEY DENIED_ROUTERS_SECRET]
The optional keys are of a caller denied Claude 3 Haiku's foundation model, and of one denied every router.
Prints one line a check, "name: value"; exits non-zero on the first unexpected answer.
"""
import json
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
bedrock.tag_resource(resourceARN=arn, tags=[{"key": "cost-center", "value": "7"}])
bedrock.untag_resource(resourceARN=arn, tagKeys=["team"])
print("retagged:", bedrock.list_tags_for_resource(resourceARN=arn)["tags"])
print("tag default:", error_code(lambda: bedrock.tag_resource(resourceARN=DEFAULT, tags=[{"key": "k", "value": "v"}])))
first = router("token-router", [HAIKU, SONNET], SONNET, 20, clientRequestToken="py-token-1")()["promptRouterArn"]
again = router("token-router", [HAIKU, SONNET], SONNET, 20, clientRequestToken="py-token-1")()["promptRouterArn"]
print("token replay:", first == again)
print("token reused:", error_code(router("other-router", [HAIKU, SONNET], SONNET, 20, clientRequestToken="py-token-1")))
bedrock.delete_prompt_router(promptRouterArn=first)
print("bad next token:", error_code(lambda: bedrock.list_prompt_routers(type="custom", nextToken="not-a-token")))
print("delete unknown:", error_code(lambda: bedrock.delete_prompt_router(promptRouterArn=ACCOUNT + "prompt-router/zzzzzzzzzzzz")))
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
print("custom easy:", converse(arn, EASY))
print("custom hard:", converse(arn, HARD))


def ask_for_decision(request, **kwargs):
    request.headers["x-outcrop-router-debug"] = "decision"


runtime.meta.events.register("before-sign.bedrock-runtime.Converse", ask_for_decision)
answer = runtime.converse(modelId=arn, messages=[{"role": "user", "content": [{"text": HARD}]}])
runtime.meta.events.unregister("before-sign.bedrock-runtime.Converse", ask_for_decision)
decision = json.loads(answer["ResponseMetadata"]["HTTPHeaders"]["x-outcrop-router-decision"])
print("decision:", decision["reason"], decision["chosen"], sorted(decision["predictions"]))

if len(sys.argv) > 2:
    def client(key, secret):
        return boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=ENDPOINT,
                            aws_access_key_id=key, aws_secret_access_key=secret)
    denied_haiku = client(sys.argv[2], sys.argv[3])
    denied_routers = client(sys.argv[4], sys.argv[5])
    messages = [{"role": "user", "content": [{"text": EASY}]}]
    print("denied haiku, easy:", error_code(lambda: denied_haiku.converse(modelId=arn, messages=messages)))
    print("denied haiku, hard:", denied_haiku.converse(modelId=arn, messages=[
        {"role": "user", "content": [{"text": HARD}]}])["trace"]["promptRouter"]["invokedModelId"])
    print("denied routers:", error_code(lambda: denied_routers.converse(modelId=arn, messages=messages)))
    print("denied routers, haiku itself:", denied_routers.converse(modelId=HAIKU, messages=messages)["stopReason"])
bedrock.delete_prompt_router(promptRouterArn=arn)
print("deleted:", error_code(lambda: bedrock.get_prompt_router(promptRouterArn=arn)))
