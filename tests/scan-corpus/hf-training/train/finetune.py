"""LoRA fine-tuning of the base model on claims summaries."""

from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

BASE_MODEL = "mistralai/Mistral-7B-v0.3"  # expect-model: mistralai/Mistral-7B-v0.3
OUTPUT = "out/claims-mistral-lora"

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, torch_dtype="bfloat16")
model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"]))
data = load_dataset("json", data_files="data/claims.jsonl")
trainer = Trainer(model=model, args=TrainingArguments(output_dir=OUTPUT), train_dataset=data["train"])
trainer.train()
model.save_pretrained(OUTPUT)
