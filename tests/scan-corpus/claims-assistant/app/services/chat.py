from openai import OpenAI

from app.config import settings

client = OpenAI()
local = OpenAI(base_url=settings.vllm_url, api_key="EMPTY")


def draft_reply(claim_text: str) -> str:
    response = client.chat.completions.create(
        model=settings.CHAT_MODEL,
        messages=[
            {"role": "system", "content": "You draft replies to insurance claims."},
            {"role": "user", "content": claim_text},
        ],
        temperature=0.2,
    )
    return response.choices[0].message.content or ""


def summarise_locally(claim_text: str) -> str:
    response = local.chat.completions.create(
        model="meta-llama/Llama-3.1-8B-Instruct",  # expect-model: meta-llama/Llama-3.1-8B-Instruct
        messages=[{"role": "user", "content": claim_text}],
    )
    return response.choices[0].message.content or ""
