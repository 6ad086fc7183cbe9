"""One client for every provider, through LiteLLM."""

import litellm

ROUTES = {
    "fast": "groq/llama3-8b-8192",
    "cheap": "openai/gpt-4o-mini",
    "claude": "anthropic/claude-3-5-sonnet-20240620",
}


def hosted(prompt: str):
    return litellm.completion(
        model="huggingface/mistralai/Mistral-7B-Instruct-v0.3",
        messages=[{"role": "user", "content": prompt}],
        api_base="https://api-inference.example.com",
    )


def local(prompt: str):
    return litellm.completion(model="ollama/llama3", messages=[{"role": "user", "content": prompt}])


def proxy(prompt: str):
    return litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": prompt}])


def vllm(prompt: str):
    return litellm.completion(
        model="hosted_vllm/Qwen/Qwen2.5-7B-Instruct",
        api_base="http://localhost:8000/v1",
        messages=[{"role": "user", "content": prompt}],
    )
