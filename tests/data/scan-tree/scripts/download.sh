#!/bin/sh
# Prefetch everything the offline build needs.
set -e
huggingface-cli download TheBloke/Llama-2-7B-Chat-GGUF llama-2-7b-chat.Q4_K_M.gguf --local-dir weights
huggingface-cli download --repo-type dataset HuggingFaceFW/fineweb-edu --include "sample/10BT/*"
hf download google/gemma-2-2b-it --local-dir weights/gemma-2-2b-it
hf download --repo-type=dataset allenai/c4 --include "en/c4-train.00000-of-01024.json.gz"
git clone https://github.com/ggerganov/llama.cpp vendor/llama.cpp
curl -L -o weights/tokenizer.json https://example.org/mirror/tokenizer.json
