from openai import OpenAI

client = OpenAI(base_url="http://vllm-qwen:8000/v1", api_key="none")
reply = client.chat.completions.create(model="qwen", messages=[])  # expect-model: Qwen/Qwen2.5-14B-Instruct-AWQ
