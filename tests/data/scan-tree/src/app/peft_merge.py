"""Merge the support LoRA into its base and publish it."""

from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

BASE = "mistralai/Mistral-7B-v0.1"
ADAPTER_OUT = "outputs/support-lora"


def merge(push: bool = False):
    base = AutoModelForCausalLM.from_pretrained(BASE)
    model = PeftModel.from_pretrained(base, "acme-ai/support-lora-mistral-7b")
    merged = model.merge_and_unload()
    merged.save_pretrained(ADAPTER_OUT)
    if push:
        merged.push_to_hub("acme-ai/support-mistral-7b-merged")
        AutoTokenizer.from_pretrained(BASE).push_to_hub("acme-ai/support-mistral-7b-merged")
    return merged
