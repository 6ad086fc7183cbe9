"""Loading our own checkpoints: local folders, never Hub ids."""

from pathlib import Path

from transformers import AutoModel, AutoTokenizer

RUNS = Path("/data/runs")


def latest():
    tokenizer = AutoTokenizer.from_pretrained("./checkpoints/run1")
    model = AutoModel.from_pretrained("outputs/my-model")
    other = AutoModel.from_pretrained("/opt/models/encoder")
    nested = AutoModel.from_pretrained("checkpoints/encoder-v2/checkpoint-500")
    return tokenizer, model, other, nested


def by_name(name: str):
    return AutoModel.from_pretrained(RUNS / name), AutoModel.from_pretrained(f"{RUNS}/{name}")
