"""CPU inference with llama.cpp for the offline installer."""

from llama_cpp import Llama


def load() -> Llama:
    return Llama.from_pretrained(
        repo_id="bartowski/Llama-3.2-3B-Instruct-GGUF",
        filename="*Q4_K_M.gguf",
        n_ctx=4096,
    )


def load_file(path: str = "weights/llama-3.2-3b-q4.gguf") -> Llama:
    return Llama(model_path=path)
