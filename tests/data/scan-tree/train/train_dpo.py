"""Preference tuning on top of the SFT model."""

from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import DPOConfig, DPOTrainer

policy_name = "acme-ai/support-qwen-sft"
reference = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-1.5B-Instruct")
model = AutoModelForCausalLM.from_pretrained(policy_name)
tokenizer = AutoTokenizer.from_pretrained(policy_name)
prefs = load_dataset("trl-lib/ultrafeedback_binarized", split="train")

config = DPOConfig(output_dir="outputs/dpo", beta=0.1, model_adapter_name="default")
trainer = DPOTrainer(model=model, ref_model=reference, args=config, train_dataset=prefs, processing_class=tokenizer)
trainer.train()
