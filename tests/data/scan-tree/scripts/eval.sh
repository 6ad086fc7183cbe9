#!/usr/bin/env bash
lm_eval --model hf \
    --model_args pretrained=EleutherAI/pythia-160m,revision=step100000,dtype=float \
    --tasks lambada_openai,hellaswag \
    --device cuda:0 \
    --batch_size 8 \
    --output_path results/pythia
