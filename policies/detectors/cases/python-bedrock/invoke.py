import json

import boto3

MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"  # expect-model: anthropic.claude-3-haiku-20240307-v1:0

runtime = boto3.client("bedrock-runtime", region_name="eu-west-1")


def ask(prompt: str) -> str:
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 256})
    response = runtime.invoke_model(modelId=MODEL_ID, body=body)
    return response["body"].read()


def converse(prompt: str):
    return runtime.converse(
        modelId="eu.meta.llama3-2-3b-instruct-v1:0",  # expect-model: eu.meta.llama3-2-3b-instruct-v1:0
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )


# an S3 call with a `modelId`-free signature is not a model
boto3.client("s3").put_object(Bucket="b", Key="model.json", Body=b"{}")
