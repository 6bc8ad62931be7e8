"""Calls through an application profile with a stored configuration, through boto3, as a user writes them.

Usage: python3 profile_config.py ENDPOINT PROFILE_ARN
Makes a Converse call without inference parameters, a Converse call above the profile's maxTokens limit and a
native InvokeModel call; prints one line each: "served", or the error code and message boto3 raised.
"""
import json
import sys

import boto3
from botocore.config import Config

ENDPOINT, PROFILE = sys.argv[1], sys.argv[2]
runtime = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=ENDPOINT,
                       config=Config(retries={"max_attempts": 1}))
messages = [{"role": "user", "content": [{"text": "hi"}]}]


def attempt(call):
    try:
        call()
        print("served")
    except runtime.exceptions.ValidationException as error:
        print(error.response["Error"]["Code"] + ": " + error.response["Error"]["Message"])


attempt(lambda: runtime.converse(modelId=PROFILE, messages=messages))
attempt(lambda: runtime.converse(modelId=PROFILE, messages=messages, inferenceConfig={"maxTokens": 5000}))
attempt(lambda: runtime.invoke_model(modelId=PROFILE, body=json.dumps({
    "anthropic_version": "bedrock-2023-05-31", "max_tokens": 300,
    "messages": [{"role": "user", "content": "hi"}]})))
