"""Fetch weights and files ahead of time, so the service starts offline."""

from huggingface_hub import hf_hub_download, snapshot_download

GGUF_REPO = "TheBloke/Mistral-7B-Instruct-v0.2-GGUF"


def gguf() -> str:
    return hf_hub_download(repo_id=GGUF_REPO, filename="mistral-7b-instruct-v0.2.Q4_K_M.gguf")


def whole() -> str:
    return snapshot_download("Qwen/Qwen2.5-0.5B-Instruct", allow_patterns=["*.json", "*.safetensors"])


def eval_data() -> str:
    return snapshot_download(repo_id="HuggingFaceH4/ultrachat_200k", repo_type="dataset")


def space_assets() -> str:
    return hf_hub_download("gradio/theme-gallery", "theme.json", repo_type="space")


def tokenizer_file() -> str:
    return hf_hub_download("google-bert/bert-base-uncased", "tokenizer.json")
