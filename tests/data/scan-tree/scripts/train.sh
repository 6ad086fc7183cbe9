#!/usr/bin/env bash
set -euo pipefail
export WANDB_PROJECT=support-bot
export OUTPUT_MODEL_DIR=outputs/clm

accelerate launch train/run_clm.py \
    --model_name_or_path gpt2 \
    --dataset_name wikitext \
    --dataset_config_name wikitext-2-raw-v1 \
    --output_dir $OUTPUT_MODEL_DIR \
    --push_to_hub --hub_model_id acme-ai/gpt2-wikitext

llamafactory-cli train configs/llamafactory/llama3_lora_sft.yaml
axolotl train configs/axolotl/mistral-qlora.yml
