FROM ghcr.io/huggingface/text-generation-inference:2.4.1

ENV MODEL_ID mistralai/Mistral-7B-Instruct-v0.3
ENV MAX_INPUT_TOKENS=4096
ENV MAX_TOTAL_TOKENS=8192
ENV OPENAI_MODEL=gpt-4o

CMD ["--model-id", "mistralai/Mistral-7B-Instruct-v0.3", "--quantize", "bitsandbytes-nf4"]
