FROM vllm/vllm-openai:v0.6.3
RUN pip install --no-cache-dir hf_transfer
ENV HF_HUB_ENABLE_HF_TRANSFER=1
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server"]
CMD ["--model", "NousResearch/Hermes-3-Llama-3.1-8B", "--served-model-name", "hermes", "--max-model-len", "8192"]
