"""Smoke checks with tiny random models, run in CI (no GPU)."""

from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

TINY = "hf-internal-testing/tiny-random-gpt2"


def check_generate():
    tokenizer = AutoTokenizer.from_pretrained(TINY)
    model = AutoModelForCausalLM.from_pretrained(TINY)
    out = model.generate(**tokenizer("hello", return_tensors="pt"), max_new_tokens=2)
    assert out.shape[1] == 3


def check_pipeline():
    classify = pipeline("text-classification", model="hf-internal-testing/tiny-random-distilbert")
    assert classify("great")


def check_local(tmp_path):
    model = AutoModelForCausalLM.from_pretrained(TINY)
    model.save_pretrained(tmp_path / "model")
    assert AutoModelForCausalLM.from_pretrained(tmp_path / "model")
