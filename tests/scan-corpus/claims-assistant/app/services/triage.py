import anthropic

from app.config import settings

client = anthropic.Anthropic()


def triage(claim_text: str) -> str:
    message = client.messages.create(
        model=settings.TRIAGE_MODEL,
        max_tokens=256,
        system="Classify the claim as simple, complex or fraud-suspect.",
        messages=[{"role": "user", "content": claim_text}],
    )
    return message.content[0].text
