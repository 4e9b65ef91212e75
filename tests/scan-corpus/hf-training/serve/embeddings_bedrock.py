import json

import boto3

client = boto3.client("bedrock-runtime")


def embed(text: str) -> list[float]:
    response = client.invoke_model(
        modelId="amazon.titan-embed-text-v2:0",  # expect-model: amazon.titan-embed-text-v2:0
        body=json.dumps({"inputText": text}),
    )
    return json.loads(response["body"].read())["embedding"]
