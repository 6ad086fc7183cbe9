"""The generator: a chat model loaded once per process."""

from __future__ import annotations

import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

MODEL_ID = os.environ.get("APP_MODEL_ID", "meta-llama/Llama-3.1-8B-Instruct")
FALLBACK_DIR = "/srv/models/llama-3.1-8b"  # mounted in production
CHECKPOINT = "./checkpoints/run1"


def load(quantize: bool = True):
    quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.bfloat16) if quantize else None
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForCausalLM.from_pretrained(
        MODEL_ID,
        quantization_config=quant,
        device_map="auto",
    )
    return tokenizer, model


def load_local():
    # a run of our own fine-tuning, never on the Hub
    return AutoModelForCausalLM.from_pretrained(CHECKPOINT), AutoModelForCausalLM.from_pretrained(FALLBACK_DIR)


def load_draft():
    """A small model for speculative decoding."""
    return AutoModelForCausalLM.from_pretrained(
        "meta-llama/Llama-3.2-1B-Instruct", torch_dtype=torch.bfloat16
    )


def headers() -> dict[str, str]:
    return {"Content-Type": "application/json", "Accept": "text/event-stream"}
