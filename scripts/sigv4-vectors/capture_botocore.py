"""Captures requests signed by botocore (boto3 clients, as users call them) as SigV4 test vectors.

Usage: python3 scripts/sigv4-vectors/capture_botocore.py > outcrop-server/src/test/resources/sigv4/botocore.json
A loopback server records each request exactly as it arrived (raw path, raw query, headers, body) and
answers 200 {}; the vectors carry the credentials that signed them.
"""
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import boto3
import botocore.config

ACCESS_KEY = "AKIAOUTCROPVECTORS01"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYOUTCROPKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEOUTCROP//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+test/token=="
captured = []


class Capture(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        captured.append({
            "method": self.command,
            "rawPath": path,
            "rawQuery": query,
            "headers": [[k, v] for k, v in self.headers.items()],
            "bodyBase64": base64.b64encode(body).decode(),
        })
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = do_DELETE = do_PUT = _record

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Capture)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = f"http://127.0.0.1:{server.server_port}"
config = botocore.config.Config(retries={"max_attempts": 1}, parameter_validation=False)


def clients(region, token=None):
    session = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                     aws_session_token=token, region_name=region)
    return (session.client("bedrock", endpoint_url=endpoint, config=config),
            session.client("bedrock-runtime", endpoint_url=endpoint, config=config))


def call(name, fn, token=None):
    before = len(captured)
    try:
        fn()
    except Exception:
        pass  # the capture server's {} does not parse as every output; the request is what matters
    for entry in captured[before:]:
        entry["name"] = name
        entry["accessKeyId"] = ACCESS_KEY
        entry["secretAccessKey"] = SECRET_KEY
        entry["sessionToken"] = token


bedrock, runtime = clients("us-east-1")
call("list inference profiles with query", lambda: bedrock.list_inference_profiles(typeEquals="APPLICATION", maxResults=7))
call("get inference profile by ARN in the path", lambda: bedrock.get_inference_profile(
    inferenceProfileIdentifier="arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789"))
call("create inference profile with a JSON body", lambda: bedrock.create_inference_profile(
    inferenceProfileName="team a", description="Team A: search",
    modelSource={"copyFrom": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"},
    clientRequestToken="tok-1", tags=[{"key": "team", "value": "a b+c/=@"}]))
call("delete inference profile", lambda: bedrock.delete_inference_profile(inferenceProfileIdentifier="abc123xyz789"))
call("converse through a system profile id", lambda: runtime.converse(
    modelId="us.anthropic.claude-3-5-sonnet-20241022-v2:0",
    messages=[{"role": "user", "content": [{"text": "hi ünïcödé"}]}], inferenceConfig={"maxTokens": 10}))
call("invoke model with a raw body", lambda: runtime.invoke_model(
    modelId="anthropic.claude-3-haiku-20240307-v1:0", contentType="application/json", accept="application/json",
    body=json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 5,
                     "messages": [{"role": "user", "content": "hi"}]})))
call("list foundation models with a filter", lambda: bedrock.list_foundation_models(byProvider="Meta Platforms"))
_, west_runtime = clients("us-west-2")
call("converse through an application profile ARN from us-west-2", lambda: west_runtime.converse(
    modelId="arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc123xyz789",
    messages=[{"role": "user", "content": [{"text": "hi"}]}]))
temp_bedrock, _ = clients("eu-west-1", SESSION_TOKEN)
call("list with temporary credentials (session token)", lambda: temp_bedrock.list_inference_profiles(), SESSION_TOKEN)

# A presigned URL (query-string authentication), as botocore generates it.
presigner, _ = clients("us-east-1")
url = presigner.generate_presigned_url("list_inference_profiles", Params={"maxResults": 5}, ExpiresIn=900)
path_and_query = url[len(endpoint):]
path, _, query = path_and_query.partition("?")
captured.append({"name": "presigned list", "method": "GET", "rawPath": path, "rawQuery": query,
                 "headers": [["Host", f"127.0.0.1:{server.server_port}"]], "bodyBase64": "",
                 "accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY, "sessionToken": None})

server.shutdown()
json.dump({"generator": f"botocore {boto3.__version__}", "vectors": captured}, sys.stdout, indent=1)
