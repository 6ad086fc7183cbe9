"""The scanner's classes of patterns, one case each (what real stacks write), their decoys, and
linear time on inputs built to make a backtracking pattern or a rescan explode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import licheck.scan
from licheck.scan import scan_text

SRC = str(Path(licheck.scan.__file__).parents[2])

NOTEBOOK = json.dumps(
    {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Demo\n", "We use [Qwen](https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct).\n"]},
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": ["import ollama\n", "ollama.chat(model='gemma3:4b')\n"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)  # fmt: skip

# (case, text, file, [(id, line)])
FINDS = [
    # Ollama in Python and JavaScript
    ("ollama-import-chat", "from ollama import chat\nr = chat('gemma3', messages=[])", "a.py", [("gemma3", 2)]),
    ("ollama-embed", "import ollama\nollama.embed(model='llama3.2', input='x')", "a.py", [("llama3.2", 2)]),
    ("chat-ollama", 'llm = ChatOllama(model="qwen3:4b", temperature=0)', "a.py", [("qwen3:4b", 1)]),
    ("ollama-embeddings", 'emb = OllamaEmbeddings(model="nomic-embed-text")', "a.py", [("nomic-embed-text", 1)]),
    ("agno-ollama-id", 'agent = Agent(model=Ollama(id="llama3.1:8b"))', "a.py", [("llama3.1:8b", 1)]),
    ("js-ollama-object", "import ollama from 'ollama'\nawait ollama.chat({ model: 'mymodel2', messages })", "a.ts", [("mymodel2", 2)]),
    ("js-model-key", "import ollama from 'ollama'\nconst r = await ollama.generate({\n  model: 'llava',\n})", "a.js", [("llava", 3)]),
    ("js-run-literal", "import ollama from 'ollama'\nasync function run(model) {}\nrun('llama3.2-vision')", "a.ts", [("llama3.2-vision", 3)]),
    ("getenv-or", 'llm_model = os.getenv("MODEL") or "llama3.1"', "a.py", [("llama3.1", 1)]),
    # LiteLLM and OpenAI-compatible provider prefixes
    ("litellm-ollama-chat", 'completion(model="ollama_chat/qwen3:4b", messages=m)', "a.py", [("qwen3:4b", 1)]),
    ("litellm-together", 'weak_model="together_ai/meta-llama/Llama-3-8b-chat-hf"', "a.py", [("meta-llama/Llama-3-8b-chat-hf", 1)]),
    ("openrouter-free", "model: openrouter/mistralai/mistral-7b-instruct:free", "c.yaml", [("mistralai/mistral-7b-instruct", 1)]),
    ("openrouter-variant-list", 'MODELS = [\n    "google/gemma-2-9b-it:free",\n]', "a.py", [("google/gemma-2-9b-it", 2)]),
    ("provider-class-id", 'from agno.models.together import Together\nmodel=Together(id="meta-llama/Llama-3.3-70B-Instruct-Turbo")', "a.py", [("meta-llama/Llama-3.3-70B-Instruct-Turbo", 2)]),
    ("litellm-route", "model_list:\n  - model_name: fast\n    litellm_params:\n      model: ollama/llama3", "config.yaml", [("llama3", 4)]),
    # launch commands and deployment files
    ("vllm-serve", "vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000", "run.sh", [("Qwen/Qwen2.5-7B-Instruct", 1)]),
    ("sglang-model-path", "python -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct", "run.sh", [("meta-llama/Llama-3.1-8B-Instruct", 1)]),
    ("model-name-or-path-equals", "accelerate launch train.py --model_name_or_path=mistralai/Mistral-7B-v0.1", "run.sh", [("mistralai/Mistral-7B-v0.1", 1)]),
    ("teacher-flag", "python gkd.py \\\n    --teacher_model_name_or_path Qwen/Qwen2-1.5B-Instruct \\\n", "run.sh", [("Qwen/Qwen2-1.5B-Instruct", 2)]),
    ("openrlhf-pretrain", "deepspeed train_sft.py \\\n   --pretrain OpenRLHF/Llama-3-8b-sft-mixture \\\n", "run.sh", [("OpenRLHF/Llama-3-8b-sft-mixture", 2)]),
    ("llama-cpp-hf", "llama-server -hf ggml-org/gemma-3-1b-it-GGUF --port 8080", "run.sh", [("ggml-org/gemma-3-1b-it-GGUF", 1)]),
    ("llama-cpp-hf-repo", "RUN llama-cli --hf-repo TheBloke/Mistral-7B-Instruct-v0.1-GGUF -m x.gguf", "Containerfile", [("TheBloke/Mistral-7B-Instruct-v0.1-GGUF", 1)]),
    ("hf-cli-download", "huggingface-cli download TheBloke/Llama-2-7B-GGUF llama-2-7b.Q4_K_M.gguf", "get.sh", [("TheBloke/Llama-2-7B-GGUF", 1)]),
    ("ollama-pull-shell", "ollama serve &\nollama pull llama3.2:1b", "start.sh", [("llama3.2:1b", 2)]),
    ("ollama-pull-dockerfile", "FROM ollama/ollama\nRUN ollama pull nomic-embed-text", "Dockerfile", [("nomic-embed-text", 2)]),
    ("ollama-run-markdown", "2. `ollama pull llama2` to get the base model", "README.md", [("llama2", 1)]),
    ("hydra-override", "python3 -m verl.trainer.main_ppo \\\n    actor_rollout_ref.model.path=Qwen/Qwen2-7B-Instruct \\\n", "run.sh", [("Qwen/Qwen2-7B-Instruct", 2)]),
    ("vllm-image-model", "docker run --gpus all vllm/vllm-openai:latest meta-llama/Llama-3.2-1B-Instruct --port 8000", "run.sh", [("meta-llama/Llama-3.2-1B-Instruct", 1)]),
    ("compose-command-list", 'services:\n  vllm:\n    command: ["--model", "mistralai/Mistral-7B-Instruct-v0.2"]', "compose.yaml", [("mistralai/Mistral-7B-Instruct-v0.2", 3)]),
    ("compose-env-default", "    environment:\n      - LLM=${LLM-llama2}", "compose.yaml", [("llama2", 2)]),
    ("shell-model-path", "MODEL_PATH=Qwen/Qwen3-4B  # replace it with your local file path", "run.sh", [("Qwen/Qwen3-4B", 1)]),
    ("k8s-env", "env:\n- name: MODEL_ID\n  value: tiiuae/falcon-7b", "deploy.yaml", [("tiiuae/falcon-7b", 3)]),
    ("k8s-args", "args:\n  - --model\n  - meta-llama/Llama-3.1-8B", "deploy.yaml", [("meta-llama/Llama-3.1-8B", 3)]),
    ("kubeai-hf-url", "spec:\n  url: hf://Qwen/Qwen2.5-7B-Instruct\n  engine: VLLM", "model.yaml", [("Qwen/Qwen2.5-7B-Instruct", 2)]),
    ("kubeai-ollama-url", "spec:\n  url: ollama://gemma2:2b\n  engine: OLlama", "model.yaml", [("gemma2:2b", 2)]),
    ("localai-huggingface-url", "  model: huggingface://TheBloke/phi-2-GGUF/phi-2.Q8_0.gguf", "model.yaml", [("TheBloke/phi-2-GGUF", 1)]),
    ("dotenv-hub-id", "EMBEDDING_MODEL=BAAI/bge-small-en-v1.5", ".env", [("BAAI/bge-small-en-v1.5", 1)]),
    ("dotenv-ollama-name", "OLLAMA_MODEL=mistral", ".env", [("mistral", 1)]),
    # JSON, YAML and TOML configs
    ("json-model-path", '{"model_path": "openbmb/MiniCPM-V-2_6"}', "a.json", [("openbmb/MiniCPM-V-2_6", 1)]),
    ("json-repo-id", '{"from_pretrained": {\n  "repo_id": "CompendiumLabs/bge-small-en-v1.5-gguf"\n}}', "a.json", [("CompendiumLabs/bge-small-en-v1.5-gguf", 2)]),
    ("helm-model-url", 'servingEngineSpec:\n  modelURL: "meta-llama/Llama-3.1-8B-Instruct"', "values.yaml", [("meta-llama/Llama-3.1-8B-Instruct", 2)]),
    ("toml-base-model", '[tool.train]\nbase_model = "mistralai/Mistral-7B-v0.1"', "a.toml", [("mistralai/Mistral-7B-v0.1", 2)]),
    ("yaml-llm-repo-id", "llamacpp:\n  llm_hf_repo_id: TheBloke/Mistral-7B-Instruct-v0.2-GGUF", "settings.yaml", [("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", 2)]),
    ("yaml-ollama-family", "ollama:\n  llm_model: mistral\n  embedding_model: nomic-embed-text", "settings.yaml", [("mistral", 2), ("nomic-embed-text", 3)]),
    ("python-model-path-kw", "partial(MiniCPM_V, model_path='openbmb/MiniCPM-V-2')", "a.py", [("openbmb/MiniCPM-V-2", 1)]),
    ("python-constant", 'MODEL_PATH = "THUDM/GLM-4-9B-Chat-0414"', "a.py", [("THUDM/GLM-4-9B-Chat-0414", 1)]),
    ("python-list-of-tuples", 'MODELS = [\n    ("ggml-org/SmolVLM-256M-Instruct-GGUF", ["SmolVLM-256M-Instruct-Q8_0.gguf"]),\n]', "a.py", [("ggml-org/SmolVLM-256M-Instruct-GGUF", 2)]),
    ("ts-model-list", 'export const MODELS: ModelConfig[] = [\n  { id: "onnx-community/Qwen3-0.6B-ONNX", name: "Qwen3 0.6B" },\n];', "models.ts", [("onnx-community/Qwen3-0.6B-ONNX", 2)]),
    ("ts-model-map-values", 'const embedModelMap: Record<string, string> = {\n  "all-MiniLM-L6-v2": "Xenova/all-MiniLM-L6-v2",\n};', "a.ts", [("Xenova/all-MiniLM-L6-v2", 2)]),
    ("mlx-load", 'from mlx_lm import load\nmodel, tokenizer = load("mlx-community/Llama-3.2-1B-Instruct-4bit")', "a.py", [("mlx-community/Llama-3.2-1B-Instruct-4bit", 2)]),
    ("audiocraft-get-pretrained", "model = MusicGen.get_pretrained('facebook/musicgen-small')", "a.py", [("facebook/musicgen-small", 1)]),
    ("flair-embeddings", "emb = TransformerDocumentEmbeddings('distilbert-base-uncased', fine_tune=True)", "a.py", [("distilbert-base-uncased", 1)]),
    # prose: READMEs and comments
    ("readme-ollama-tag", "Run it locally with `qwen2.5-coder:7b` through Ollama.", "README.md", [("qwen2.5-coder:7b", 1)]),
    ("readme-code-span", "The embeddings come from `Qwen/Qwen3-Embedding-0.6B`.", "README.md", [("Qwen/Qwen3-Embedding-0.6B", 1)]),
    ("readme-ollama-library", "[Llama 2]: https://ollama.com/library/llama2", "README.md", [("llama2", 1)]),
    ("readme-modelfile", "```\nFROM llama3.2\nPARAMETER temperature 1\n```", "README.md", [("llama3.2", 2)]),
    ("comment-model-card", "// https://huggingface.co/nomic-ai/nomic-embed-text-v1.5#usage\nconst x = 1", "worker.js", [("nomic-ai/nomic-embed-text-v1.5", 1)]),
    ("url-after-default", "URL: '${URL:-https://huggingface.co/TheBloke/CodeLlama-7B-GGUF/resolve/main/x.gguf}'", "compose.yml", [("TheBloke/CodeLlama-7B-GGUF", 1)]),
    ("modelfile-system-text", 'FROM llama3\nSYSTEM """\nWrite a Dockerfile:\nFROM python:3.11\n"""', "Modelfile", [("llama3", 1)]),
    ("modelfile-hg", "FROM hg://Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0", "Modelfile", [("Qwen/Qwen2.5-1.5B-Instruct-GGUF", 1)]),
    ("notebook-cells", NOTEBOOK, "demo.ipynb", [("Qwen/Qwen2.5-0.5B-Instruct", 8), ("gemma3:4b", 18)]),
    # round 3b, from a corpus gathered after tuning (tests/data/realcode-fresh)
    ("pull-in-a-comment", "# first: docker exec ollama ollama pull nomic-embed-text\nembedder = make()", "a.py", [("nomic-embed-text", 1)]),
    ("tune-download", "#   tune download meta-llama/Llama-3.2-1B-Instruct --output-dir /tmp/x", "lora.yaml", [("meta-llama/Llama-3.2-1B-Instruct", 1)]),
    ("pydantic-field", 'class C(BaseModel):\n    model: Optional[str] = Field(default="BAAI/bge-reranker-base", description="x")', "a.py", [("BAAI/bge-reranker-base", 2)]),
    ("getattr-default", "m = getattr(config, 'model', 'BAAI/bge-reranker-base')\nn = cfg.get('embedding_model', 'BAAI/bge-small-en-v1.5')", "a.py", [("BAAI/bge-reranker-base", 1), ("BAAI/bge-small-en-v1.5", 2)]),
    ("upper-case-scheme", '{"model": "HF://mlc-ai/phi-2-q4f16_1-MLC", "model_id": "phi-2-q4f16_1-MLC"}', "mlc-package-config.json", [("mlc-ai/phi-2-q4f16_1-MLC", 1)]),
    ("webllm-prebuilt-id", 'const selectedModel = "Llama-3.1-8B-Instruct-q4f32_1-MLC";', "main.ts", [("Llama-3.1-8B-Instruct-q4f32_1-MLC", 1)]),
    ("yaml-args-list", 'args:\n- "--model"\n- "Qwen/Qwen3-32B"\n- "--tensor-parallel-size"', "deploy.yaml", [("Qwen/Qwen3-32B", 3)]),
    ("k8s-name-value-arg", 'args:\n  - name: "--model-id"\n    value: "mistralai/Mistral-7B-Instruct-v0.1"', "values.yaml", [("mistralai/Mistral-7B-Instruct-v0.1", 3)]),
    ("ollama-helm-chart", "ollama:\n  models:\n    pull:\n      - llama3.2:1b\n    run:\n      - moondream", "values.yaml", [("llama3.2:1b", 4), ("moondream", 6)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "file", "expected"), [c[1:] for c in FINDS], ids=[c[0] for c in FINDS])
def test_finds(text: str, file: str, expected: list[tuple[str, int]]) -> None:
    assert [(r.id, r.line) for r in scan_text(text, file)] == expected


DECOYS = [
    ("ollama-create", "ollama create llama3-custom -f ./Modelfile\nollama create mario -f Modelfile", "run.sh"),
    ("litellm-route-label", "model_list:\n  - model_name: llama3\n    litellm_params:\n      model: gpt-4o", "config.yaml"),
    ("output-dir-flag", "--output_dir outputs/qwen2.5-7b-sft --save_path ./ckpt/llama3-8b", "run.sh"),
    ("output-dir-key", "output_dir: saves/llama3-8b/lora/sft\nhub_model_id: acme/zephyr-7b-sft", "train.yaml"),
    ("output-env", "OUTPUT_MODEL_DIR=acme/llama3-8b-ft\nHUB_MODEL_ID=acme/llama3-8b-ft", ".env"),
    ("dataset-flag", "--dataset_name trl-lib/ultrafeedback_binarized", "run.sh"),
    ("dataset-call", 'ds = load_dataset("openai/gsm8k", "main")', "a.py"),
    ("dataset-repo-id", 'hf_hub_download(repo_id="HuggingFaceH4/ultrachat_200k", filename="x", repo_type="dataset")', "a.py"),
    ("dataset-code-span", "Train on the `HuggingFaceH4/ultrachat_200k` dataset.", "README.md"),
    ("served-name", "--served-model-name qwen2.5-7b\nSERVED_MODEL_NAME=llama3", "run.sh"),
    ("api-models", 'client.chat.completions.create(model="gpt-4o")\nOPENAI_MODEL = "gpt-4o-mini"', "a.py"),
    ("api-code-spans", "Routes map to `groq/llama3-8b-8192` and `openai/gpt-4o-mini`.", "README.md"),
    ("docker-images", "services:\n  ollama:\n    image: ollama/ollama:latest\n  vllm:\n    image: vllm/vllm-openai:v0.8.5", "compose.yaml"),
    ("dockerfile-base", "FROM python:3.11-slim\nFROM nvidia/cuda:12.1.0-base-ubuntu22.04", "Dockerfile"),
    ("host-and-port", 'LLM_BASE_URL=http://llama-gpt-api:8000\napi: "llama-gpt-api:8000"', ".env"),
    ("deployment-name", '{"request_model": "deepseek-r1-1.5b-cpu"}', "a.json"),
    ("media-asset", '  voice: "hf://kyutai/tts-voices/alba-mackenna/casual.wav"', "tts.yaml"),
    ("commented-clone", "# git clone https://huggingface.co/liuhaotian/llava-v1.5-13b ~/llava", "run.sh"),
    ("commented-call", '# model = AutoModel.from_pretrained("EleutherAI/gpt-neo-125m")', "a.py"),
    ("map-keys-alone", '{"alias": "bge-small-en-v1.5", "model": {"alias": "bge-small-en-v1.5"}}', "a.json"),
    ("local-file-list", 'MODELS = [\n    "Q4_0/SmolLM2-135M-Instruct-Q4_0-00001-of-00003.gguf",\n]', "a.py"),
    ("placeholders", "--model <org>/<model>\nollama pull <model>", "README.md"),
    ("prose-family-word", "The mistral wind blows; a falcon flies.", "README.md"),
    ("ollama-create-tag", "ollama create phi4-mini:3.8b-fp16 -f ./Modelfile\nollama push acme/phi4-mini:latest", "run.sh"),
    ("commented-flag", "# --model_name_or_path meta-llama/Llama-2-7b-hf", "run.sh"),
    ("other-default", "d = cfg.get('output_model_dir', 'acme/llama3-8b-ft')", "a.py"),
    ("pull-list-elsewhere", "steps:\n  pull:\n    - llama3", "ci.yaml"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "file"), [c[1:] for c in DECOYS], ids=[c[0] for c in DECOYS])
def test_decoys(text: str, file: str) -> None:
    assert [(r.id, r.line) for r in scan_text(text, file)] == []


# ---- linear time ----

# Inputs built so that a pattern that backtracks, or a finder that rescans the text for each thing
# it finds, takes quadratic time: 320 KB of `f(model=` took 26 s (108 s on a loaded machine).
EXPLOSIVE = {
    "f(model= on one line": ("f(model=", "a.py"),
    "from_pretrained( nested": ("from_pretrained(", "a.py"),
    "model= chained": ("model=model=", "a.yaml"),
    "MODEL_ uppercase run": ("MODEL_", "a.env"),
    "odel repeated": ("odel", "a.py"),
    "chart keys repeated": ("ollama:\n models:\n  pull:\n   - a\n", "values.yaml"),
    "defaults without their end": ("cfg.get('model', 'org/name' getattr(c, 'model', ", "a.py"),
    "--model without value": ("--model ", "run.sh"),
    "huggingface.co/ repeated": ("huggingface.co/", "a.md"),
    "tags on one line": ("llama3:8b ", "a.md"),
    "comment with address": ("# see https://huggingface.co/a/b ", "a.py"),
    "lists opened": ("models=[", "a.py"),
    "shell variables": ("--model $V ", "run.sh"),
    "assignments": ("a=b ", "a.py"),
    "pipeline keywords": ("pipeline(model=x,", "a.py"),
    "Ollama strings": ("import ollama\n'qwen3' ", "a.ts"),
}


@pytest.mark.parametrize(("unit", "file"), list(EXPLOSIVE.values()), ids=list(EXPLOSIVE))
def test_linear_time_on_explosive_input(unit: str, file: str) -> None:
    """Each input is 320 KB on one line; linear code reads it in about a second, quadratic code in
    minutes. The limit is the subprocess's timeout (generous, for a loaded machine), not a timing."""
    code = (
        "import sys; from licheck.scan import scan_text; "
        "text = sys.argv[1] * (320_000 // len(sys.argv[1])); scan_text(text, sys.argv[2]); print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", code, unit, file], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.strip() == "ok", done.stderr
