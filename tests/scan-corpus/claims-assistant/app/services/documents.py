"""Reading scanned claim documents with Claude on Bedrock (eu-central-1)."""

import json

import boto3

bedrock = boto3.client("bedrock-runtime", region_name="eu-central-1")
VISION_MODEL = "eu.anthropic.claude-3-5-sonnet-20240620-v1:0"  # expect-model: eu.anthropic.claude-3-5-sonnet-20240620-v1:0


def extract(image_b64: str) -> dict:
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": [{"type": "image", "source": image_b64}]}],
    }
    response = bedrock.invoke_model(modelId=VISION_MODEL, body=json.dumps(body))
    return json.loads(response["body"].read())
