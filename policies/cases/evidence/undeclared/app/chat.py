from openai import OpenAI

client = OpenAI()


def answer(question: str) -> str:
    messages = [{"role": "user", "content": question}]
    reply = client.chat.completions.create(model="gpt-4o-2024-08-06", messages=messages)
    return reply.choices[0].message.content
