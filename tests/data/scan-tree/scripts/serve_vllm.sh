#!/usr/bin/env bash
set -euo pipefail
PORT=${PORT:-8000}
MODEL=${MODEL:-Qwen/Qwen2.5-7B-Instruct}

vllm serve "$MODEL" --port "$PORT" --dtype auto --api-key token-abc123
# the embeddings server
vllm serve intfloat/e5-mistral-7b-instruct --task embed --port 8001
python -m vllm.entrypoints.openai.api_server --model mistralai/Mistral-7B-Instruct-v0.3 --port 8002
