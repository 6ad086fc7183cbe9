#!/usr/bin/env bash
# Serve the chat model with text-generation-inference, as in its README.
set -euo pipefail

model=teknium/OpenHermes-2.5-Mistral-7B
volume=$PWD/data # share a volume with the Docker container to avoid downloading weights every run

docker run --gpus all --shm-size 1g -p 8080:80 -v $volume:/data \
    ghcr.io/huggingface/text-generation-inference:2.4.1 --model-id $model
