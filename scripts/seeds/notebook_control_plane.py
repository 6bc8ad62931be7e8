"""The control-plane cells of the seed notebook (shared/seeds/003), as written, with only endpoint_url added.

Usage: python3 scripts/seeds/notebook_control_plane.py http://127.0.0.1:8080
Exits non-zero when a cell fails.
"""
import json
import sys

import boto3
import botocore.config
import botocore.exceptions

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"

# In [1]
REGION = 'us-east-1'
bedrock = boto3.client('bedrock', region_name=REGION, endpoint_url=ENDPOINT)
bedrock_runtime = boto3.client('bedrock-runtime', region_name=REGION, endpoint_url=ENDPOINT)
print(f"Region: {REGION}")

# In [13]: list system-defined profiles
response = bedrock.list_inference_profiles()
print("System-Defined Inference Profiles:\n")
for profile in response['inferenceProfileSummaries']:
    if profile['type'] == 'SYSTEM_DEFINED':
        print(f"Name: {profile['inferenceProfileName']}")
        print(f"ARN: {profile['inferenceProfileArn']}")
        print(f"ID: {profile['inferenceProfileId']}")
        print(f"Type: {profile['type']}")
        print(f"Status: {profile['status']}")
        print(f"Models: {profile.get('models', [])}")
        print("-" * 80)

# In [12]: details of a system profile
system_profiles = [p for p in response['inferenceProfileSummaries'] if p['type'] == 'SYSTEM_DEFINED']
if system_profiles:
    profile_id = system_profiles[10]['inferenceProfileId']
    detail = bedrock.get_inference_profile(inferenceProfileIdentifier=profile_id)
    print("System Profile Details:\n")
    print(json.dumps(detail, indent=2, default=str))

# Section 4: create an application profile with copyFrom.
# The cell passes tags={} (a dict) where the API takes a list: botocore's own parameter validation
# rejects it before any request is sent, whatever the endpoint (AWS included). botocore's serializer
# turns {} into [] when that client-side validation is off, so the cell is run as written, and again on a
# client that skips client-side validation when the first attempt fails in the client.
APP_PROFILE_NAME = 'my-app-profile'
try:
    bedrock.create_inference_profile(
        inferenceProfileName=APP_PROFILE_NAME,
        modelSource={'copyFrom': 'arn:aws:bedrock:us-east-1:058264544288:inference-profile/us.amazon.nova-2-lite-v1:0'},
        tags={})
    raise SystemExit("expected botocore to reject tags={} in the client")
except botocore.exceptions.ParamValidationError as e:
    print(f"As written, botocore rejects the cell in the client: {e}")
    bedrock = boto3.client('bedrock', region_name=REGION, endpoint_url=ENDPOINT,
                           config=botocore.config.Config(parameter_validation=False))
try:
    response = bedrock.create_inference_profile(
        inferenceProfileName=APP_PROFILE_NAME,
        description='Custom profile for my application',
        modelSource={
            'copyFrom': 'arn:aws:bedrock:us-east-1:058264544288:inference-profile/us.amazon.nova-2-lite-v1:0'
        },
        tags={

        }
    )
    APP_PROFILE_ARN = response['inferenceProfileArn']
    print(f"✓ Created application profile: {APP_PROFILE_ARN}")
except bedrock.exceptions.ValidationException as e:
    print(f"Note: {e}")
    profiles = bedrock.list_inference_profiles()['inferenceProfileSummaries']
    app_profiles = [p for p in profiles if p['type'] == 'APPLICATION']
    if app_profiles:
        APP_PROFILE_ARN = app_profiles[0]['inferenceProfileArn']
        print(f"Using existing profile: {APP_PROFILE_ARN}")

# In [19]: list application profiles
response = bedrock.list_inference_profiles()
print("Application Inference Profiles:\n")
for profile in response['inferenceProfileSummaries']:
    if profile['type'] == 'APPLICATION':
        print(f"Name: {profile['inferenceProfileName']}")
        print(f"ARN: {profile['inferenceProfileArn']}")
        print(f"Type: {profile['type']}")
        print(f"Status: {profile['status']}")
        print("-" * 80)
