from vllm import LLM, SamplingParams

llm = LLM(model="mistralai/Mistral-7B-v0.3", enable_lora=True)  # expect-model: mistralai/Mistral-7B-v0.3
outputs = llm.generate(["Summarise:"], SamplingParams(temperature=0))
