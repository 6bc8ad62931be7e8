"""Structured output (Converse outputConfig) through boto3, as a user writes it.

Usage: python3 structured_output.py ENDPOINT MODEL_ID
Prints the Converse answer and the ConverseStream answer, one JSON line each; exits non-zero when either
is not JSON with the schema's required members.
"""
import json
import sys

import boto3

ENDPOINT, MODEL_ID = sys.argv[1], sys.argv[2]
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["city", "population"],
    "properties": {"city": {"type": "string"}, "population": {"type": "integer", "minimum": 1000}},
}
runtime = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=ENDPOINT)
request = {
    "modelId": MODEL_ID,
    "messages": [{"role": "user", "content": [{"text": "Describe Lisbon"}]}],
    "outputConfig": {"textFormat": {"type": "json_schema", "structure": {"jsonSchema": {
        "name": "city", "schema": json.dumps(SCHEMA)}}}},
}

answer = runtime.converse(**request)["output"]["message"]["content"][0]["text"]
streamed = "".join(event["contentBlockDelta"]["delta"]["text"]
                   for event in runtime.converse_stream(**request)["stream"] if "contentBlockDelta" in event)
for text in (answer, streamed):
    parsed = json.loads(text)
    assert set(parsed) == {"city", "population"}, text
    assert isinstance(parsed["population"], int) and parsed["population"] >= 1000, text
    print(json.dumps(parsed))
