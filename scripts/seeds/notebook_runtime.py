"""The Converse cells of the seed notebook (shared/seeds/003), as written, with only endpoint_url added.

Usage: python3 scripts/seeds/notebook_runtime.py http://127.0.0.1:8080
Exits non-zero when a cell fails.
"""
import sys
import time

import boto3

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
REGION = 'us-east-1'
bedrock = boto3.client('bedrock', region_name=REGION, endpoint_url=ENDPOINT)
bedrock_runtime = boto3.client('bedrock-runtime', region_name=REGION, endpoint_url=ENDPOINT)

# Section 3: test a system-defined profile
SYSTEM_PROFILE_ID = 'us.amazon.nova-2-lite-v1:0'  # Cross-region profile

response = bedrock_runtime.converse(
    modelId=SYSTEM_PROFILE_ID,
    messages=[{
        'role': 'user',
        'content': [{'text': 'Explain inference profiles in one sentence'}]
    }]
)

print("System Profile Response:")
print(response['output']['message']['content'][0]['text'])
print(f"\nStop Reason: {response['stopReason']}")
print(f"Usage: {response['usage']}")

# Section 4 creates the application profile (see notebook_control_plane.py); here it is made with a list.
APP_PROFILE_ARN = bedrock.create_inference_profile(
    inferenceProfileName=f'my-app-profile-{int(time.time())}',
    description='Custom profile for my application',
    modelSource={'copyFrom': 'arn:aws:bedrock:us-east-1:058264544288:inference-profile/us.amazon.nova-2-lite-v1:0'},
    tags=[])['inferenceProfileArn']

# In [21]: use the application profile
try:
    response = bedrock_runtime.converse(
        modelId=APP_PROFILE_ARN,
        messages=[{
            'role': 'user',
            'content': [{'text': 'What are the benefits of application inference profiles?'}]
        }]
    )

    print("Application Profile Response:")
    print(response['output']['message']['content'][0]['text'])
    print(f"\nUsage tracked under: {APP_PROFILE_ARN}")
except Exception as e:
    print(f"Note: {e}")
    print("Application profiles may not be available in all regions")
    raise

# Section 10: latency of a system profile
prompt = "What is cloud computing?"
start = time.time()
response = bedrock_runtime.converse(
    modelId='us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    messages=[{'role': 'user', 'content': [{'text': prompt}]}]
)
system_time = time.time() - start

print(f"System Profile Latency: {system_time:.2f}s")
print(f"Tokens: {response['usage']['totalTokens']}")
print(f"\nNote: System profiles may route to different regions for optimal performance")
