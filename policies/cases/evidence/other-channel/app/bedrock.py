import json

import boto3

runtime = boto3.client("bedrock-runtime", region_name="eu-central-1")


def summarise(text: str) -> str:
    body = json.dumps({"prompt": text, "max_gen_len": 256})
    reply = runtime.invoke_model(modelId="meta.llama3-1-8b-instruct-v1:0", body=body)
    return json.loads(reply["body"].read())["generation"]
