"""Less common ways of naming models, collected from the codebase's history."""

import os
from dataclasses import dataclass, field

import gradio as gr
from huggingface_hub import hf_hub_url
from transformers import AutoConfig, AutoModel, AutoTokenizer


@dataclass
class ModelArguments:
    model_name_or_path: str = field(
        default="distilbert/distilbert-base-uncased",
        metadata={"help": "Path to pretrained model or model identifier from huggingface.co/models"},
    )
    cache_dir: str | None = field(default=None, metadata={"help": "Where to store the models"})


def demo():
    return gr.load("models/meta-llama/Llama-3.2-3B-Instruct")


def compare():
    for name in ["google/gemma-2-2b-it", "microsoft/phi-2"]:
        yield AutoModel.from_pretrained(name)


def env_model():
    return AutoModel.from_pretrained(os.environ["MODEL_PATH"])


def left_padded():
    return AutoTokenizer.from_pretrained("gpt2", padding_side="left")


def deberta():
    return AutoModel.from_pretrained(
        pretrained_model_name_or_path="microsoft/deberta-v3-base"
    )


REPO = "HuggingFaceTB/SmolLM2-135M-Instruct"
CONFIG_URL = hf_hub_url(REPO, "config.json")
PLACEHOLDER = "username/my-model"  # documentation only


def gptq():
    return AutoModel.from_pretrained("TheBloke/Llama-2-7B-GPTQ", revision="gptq-4bit-32g-actorder_True")


def text_encoder():
    return AutoModel.from_pretrained("stabilityai/stable-diffusion-2-1", subfolder="text_encoder")


def codegen_config():
    # previously: AutoModel.from_pretrained("EleutherAI/gpt-neo-125m")
    return AutoConfig.from_pretrained('Salesforce/codegen-350M-mono')
