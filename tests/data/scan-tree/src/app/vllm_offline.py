"""Batch generation with vLLM for the nightly summaries."""

from vllm import LLM, SamplingParams

params = SamplingParams(temperature=0.7, top_p=0.95, max_tokens=256)


def summarise(prompts: list[str]) -> list[str]:
    llm = LLM(model="Qwen/Qwen2.5-7B-Instruct", tensor_parallel_size=2, max_model_len=8192)
    return [out.outputs[0].text for out in llm.generate(prompts, params)]


def small(prompts: list[str]) -> list[str]:
    llm = LLM("facebook/opt-125m")
    return [out.outputs[0].text for out in llm.generate(prompts, params)]


def finetuned(prompts: list[str]) -> list[str]:
    llm = LLM(model="/mnt/models/summariser-v3", enable_lora=True)
    return [out.outputs[0].text for out in llm.generate(prompts, params)]
