"""What a model name may look like: the Hub's id grammar, Ollama tags, and the strings that only look like one."""

from __future__ import annotations

import re

# huggingface_hub's validator: [namespace/]name, [\w\-.] in each part, at most 96 characters,
# no leading or trailing - or ., no -- or .. anywhere.


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PART = re.compile(r"[\w.-]{1,96}", re.ASCII)
_OLLAMA = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*(?::[\w][\w.-]{0,127})?", re.ASCII)

# First parts that are local folders, not Hub namespaces ("outputs/my-model", "checkpoints/run1").
LOCAL_DIRS = words(
    "output outputs checkpoint checkpoints ckpt ckpts saves save saved saved_models runs run exp "
    "experiments results models model weights artifacts tmp temp cache data logs local workspace "
    "mnt home src lora adapters merged export exports"
)
# Documentation stand-ins ("username/model", "your-org/your-model", "org/model").
_PLACEHOLDER_NS = words(
    "username user usr org organization organisation namespace owner name repo example foo me "
    "someone somebody author hf-user hf_user hf-username my-org myorg my_org my-username "
    "my-user xxx yyy abc test fake dummy mock placeholder"
)
_PLACEHOLDER_NAME = words(
    "model model-name model_name modelname my-model my_model mymodel your-model your_model repo "
    "repo-name repo_name repository name model-id model_id bar xxx yyy custom_model_name "
    "custom-model-name my-awesome-model some-model missing-model old-model new-model test-model "
    "example-model fake-model dummy-model"
)
# Type parts of MIME types ("application/json", "text/plain").
_MIME = words("application text image audio video multipart font message")
# First parts of huggingface.co/... addresses that are pages, not models.
HUB_RESERVED = words(
    "transformers docs datasets spaces blog settings join api login logout pricing models tasks learn papers posts "
    "collections organizations enterprise new new-space new-dataset chat front jobs cli changelog privacy "
    "terms-of-service inference-endpoints hub course search notifications billing oauth support "
    "welcome huggingface-cli storage team inference-api assets static js css"
)
# Hosted-API model names: never open weights, whatever the context.
_API = re.compile(
    r"(?:gpt-?[345]|chatgpt|o[134](?:-|$)|text-(?:embedding|davinci|moderation)|davinci|babbage|"
    r"claude|gemini|dall-e|whisper-1|tts-1|command(?:-|$)|embed-(?:english|multilingual)|"
    r"sonar|grok-[0-9]|ft:)",
    re.IGNORECASE,
)
# LiteLLM-style provider prefixes ("openai/gpt-4o", "bedrock/anthropic.claude-v2").
API_PROVIDERS = words(
    "openai azure azure_ai anthropic bedrock sagemaker vertex_ai vertex_ai_beta gemini palm "
    "cohere cohere_chat groq mistral deepseek xai perplexity fireworks_ai anyscale replicate "
    "cloudflare voyage ai21 nlp_cloud aleph_alpha watsonx predibase openrouter "
    "text-completion-openai github nvidia_nim sambanova"
)
# Prefixes whose tail is a Hub id ("huggingface/org/name", "hosted_vllm/org/name").
HUB_PREFIXES = (
    "huggingface/", "hosted_vllm/", "vllm/", "together_ai/", "openai/", "deepinfra/", "openrouter/",
    "fireworks_ai/", "nvidia_nim/", "sambanova/", "text-completion-openai/", "lm_studio/", "llamafile/",
)  # fmt: skip
OLLAMA_PREFIXES = ("ollama/", "ollama_chat/")
# Addresses whose path is a Hub id (hf://org/name/file.gguf, huggingface://org/name) or an Ollama name.
HUB_SCHEMES = (
    "hf://",
    "huggingface://",
    "hg://",
    "hf.co/",
    "huggingface.co/",
    "https://huggingface.co/",
    "https://hf.co/",
)
OLLAMA_SCHEMES = (
    "ollama://",
    "ollama.com/library/",
    "https://ollama.com/library/",
    "registry.ollama.ai/library/",
)
# OpenRouter's variants of one model ("meta-llama/llama-3.3-70b-instruct:free"): the model is the id before.
_ROUTER_VARIANTS = words("free beta extended thinking online nitro floor exacto")
# Files, not models: a value ending so names a file in a repository or on disk.
FILE_SUFFIXES = (
    ".gguf", ".ggml", ".bin", ".safetensors", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".pkl", ".pb", ".tflite",
    ".json", ".jsonl", ".yaml", ".yml", ".toml", ".txt", ".csv", ".tsv", ".parquet", ".arrow", ".py", ".sh",
    ".md", ".zip", ".tar", ".gz", ".tgz", ".npz", ".npy", ".model", ".spm", ".tiktoken", ".mlmodel",
)  # fmt: skip
# The families of Ollama's library (ollama.com/library): a name is one of them, perhaps with a version,
# words after a dash, and a tag ("llama3.2-vision:11b", "qwen2.5-coder", "nomic-embed-text-v2-moe").
OLLAMA_FAMILIES = words(
    "llama llava bakllava codellama tinyllama medllama mistral mixtral mathstral codestral devstral "
    "magistral ministral gemma codegemma shieldgemma embeddinggemma qwen codeqwen qwq phi deepseek "
    "deepscaler nomic-embed mxbai-embed all-minilm bge snowflake-arctic-embed granite "
    "paraphrase-multilingual starcoder stable-code stablelm stable-beluga smollm olmo openhermes "
    "nous-hermes hermes dolphin tinydolphin megadolphin wizardlm wizardcoder wizard-math wizard-vicuna "
    "vicuna orca-mini orca2 zephyr neural-chat starling-lm openchat solar command-r command-a aya falcon "
    "moondream minicpm-v nemotron exaone internlm glm codegeex magicoder sqlcoder duckdb-nsql meditron "
    "everythinglm samantha-mistral yarn-llama yarn-mistral xwinlm notux notus nexusraven goliath "
    "athene marco-o1 opencoder openthinker cogito gpt-oss r1-1776 tulu smallthinker reader-lm "
    "bespoke-minicheck nuextract firefunction dbrx kimi lfm "
    "phind-codellama yarn-llama"
)
_HARDWARE = words("cpu gpu cuda rocm metal tpu npu l4 t4 a10 a10g a100 h100 h200 b200 mi300 mi300x")
_FAMILY = "|".join(sorted((re.escape(f) for f in OLLAMA_FAMILIES), key=len, reverse=True))
_OLLAMA_LIKE = re.compile(
    rf"(?:[a-z0-9][a-z0-9._-]*/)?(?:{_FAMILY})(?:[0-9][0-9.]*[a-z]{{0,3}})?(?:[-_][a-z0-9][a-z0-9.]*)*"
    r"(?::[\w][\w.-]{0,127})?",
    re.ASCII,
)


def _part_ok(part: str) -> bool:
    return (
        _PART.fullmatch(part) is not None
        and part[0] not in "-."
        and part[-1] not in "-."
        and "--" not in part
        and ".." not in part
    )


def is_hub_id(text: str) -> bool:
    """True when `text` passes the Hub's repo id grammar (with or without a namespace)."""
    parts = text.split("/")
    return len(parts) <= 2 and all(_part_ok(p) for p in parts)


def is_api_name(text: str) -> bool:
    return _API.match(text) is not None


def is_placeholder(text: str) -> bool:
    org, _, name = text.lower().partition("/")
    if not name:
        return org in _PLACEHOLDER_NAME or org.startswith(("your", "<", "{"))
    return (
        org in _PLACEHOLDER_NS
        or org.startswith(("your", "<", "{"))
        or name in _PLACEHOLDER_NAME
        or name.startswith(("your-", "your_", "<", "{"))
    )


def hub_id(text: str, *, bare: bool = False, providers: bool = False) -> str | None:
    """`text` as a Hub model id, or None when it is not one (a path, a placeholder, an API name...).

    `bare` allows names without a namespace ("gpt2", "bert-base-uncased"), for contexts that only
    take models (from_pretrained); they still need a digit or a dash, as real legacy ids have.
    `providers` rejects LiteLLM-style "provider/model" names ("groq/llama3-8b", "openai/gpt-4o"), for
    contexts where those are written (config keys, model= keywords).
    """
    if not is_hub_id(text):
        return None
    if "/" not in text:
        plausible = re.search(r"[\d-]", text) and re.search(r"[A-Za-z]", text) and not is_api_name(text)
        return text if bare and plausible else None
    org, name = text.split("/")
    lowered = org.lower()
    if lowered in LOCAL_DIRS or lowered in _MIME or is_placeholder(text):
        return None
    if providers and ((lowered in API_PROVIDERS and lowered != "openai") or is_api_name(name)):
        return None
    if name.lower() in ("main", "master", "latest") or name.lower().endswith(FILE_SUFFIXES):
        return None
    return text


def ollama_tag(text: str) -> str | None:
    """`text` as an Ollama model tag ("llama3.2:1b", "nomic-embed-text", "library/mistral:7b")."""
    if _OLLAMA.fullmatch(text) is None or is_api_name(text) or is_placeholder(text.split(":")[0]):
        return None
    name = text.split(":")[0].rsplit("/", 1)[-1]
    if name.endswith(FILE_SUFFIXES):
        return None
    return text if re.search(r"[a-z]", name) and name not in ("model", "latest", "ollama") else None


# WebLLM's and MLC LLM's prebuilt model ids: NAME-q4f16_1-MLC, NAME-q4f32_1-MLC-1k, NAME-q0f32-MLC-b4
# (the quantization code, then the build), each the name of an mlc-ai/ repository on the Hub.
MLC_PREBUILT = re.compile(r"[A-Za-z][\w.-]{1,80}-q\d+f\d+(?:_\d)?(?:-MLC)?(?:-(?:\d+k|b\d+))?")


def ollama_like(text: str) -> bool:
    """Whether `text` is named like a model of Ollama's library ("qwen3", "llama3.2-vision:11b"); a
    name that ends in the hardware it runs on ("deepseek-r1-1.5b-cpu") names a deployment instead."""
    if _OLLAMA_LIKE.fullmatch(text) is None or ollama_tag(text) is None:
        return False
    return not _HARDWARE.intersection(re.split(r"[-_]", text.split(":")[0].rsplit("/", 1)[-1])[1:])


def _unscheme(text: str) -> tuple[str, str]:
    """`text` without an address's scheme: ("hub", "org/name") for hf://org/name/file, ("ollama",
    "name:tag") for ollama://name:tag, else ("", text)."""
    head = text[:32].lower()  # `HF://org/name`, as MLC's package configs write it
    for scheme in HUB_SCHEMES:
        if head.startswith(scheme):
            parts = text[len(scheme) :].split("/")
            hub = len(parts) >= 2 and parts[0].lower() not in HUB_RESERVED
            return "hub", "/".join(parts[:2]) if hub else ""
    for scheme in OLLAMA_SCHEMES:
        if head.startswith(scheme):
            return "ollama", text[len(scheme) :]
    return "", text


def model_value(
    text: str, *, bare: bool = False, ollama: bool = False, providers: bool = False, library: bool = False
) -> tuple[str, str | None] | None:
    """A value written for a model: (the id to look up, a kind override), or None.

    Handles addresses (`hf://org/name/file.gguf`, Ollama's `hf.co/org/name:tag`, `ollama://name`),
    LiteLLM's provider prefixes, OpenRouter's `org/name:free` and explicit `name:tag` tags. With
    `library`, a bare name counts when Ollama's library has its family ("mistral", "qwen3").
    """
    scheme, text = _unscheme(text)
    if scheme:
        return _addressed(scheme, text)
    prefixed = _prefixed(text)
    if prefixed is not None:
        return prefixed or None
    if ":" in text:
        return _tagged(text)
    if ollama:
        return (text, None) if ollama_tag(text) else None
    hub = hub_id(text, bare=bare, providers=providers)
    if hub is None and library and (ollama_like(text) or MLC_PREBUILT.fullmatch(text)):
        return text, None
    return None if hub is None else (hub, None)


def _addressed(scheme: str, text: str) -> tuple[str, str | None] | None:
    if scheme == "hub":
        hub = hub_id(text.split(":")[0])
        return None if hub is None else (hub, None)
    return (text, "ollama") if ollama_tag(text) else None


def _prefixed(text: str) -> tuple[str, str | None] | tuple[()] | None:
    """A LiteLLM name with a provider prefix: the model after it, () when it names none, None when
    `text` has no such prefix."""
    for prefix in OLLAMA_PREFIXES:
        if text.startswith(prefix):
            tag = ollama_tag(text[len(prefix) :])
            return () if tag is None else (tag, "litellm")
    for prefix in HUB_PREFIXES:
        if text.startswith(prefix) and text.count("/") == 2:
            rest = text[len(prefix) :]
            got = _tagged(rest) if ":" in rest else (rest, None) if hub_id(rest) else None
            return () if got is None else (got[0], "litellm")
    return None


def _tagged(text: str) -> tuple[str, str | None] | None:
    """`name:tag` (Ollama), `user/name:tag` (an Ollama user's model) or `org/name:free` (OpenRouter)."""
    name, _, variant = text.partition(":")
    if variant.isdigit():
        return None  # host:port
    if "/" in name and variant in _ROUTER_VARIANTS:
        hub = hub_id(name)
        return None if hub is None else (hub, None)
    tag = ollama_tag(text)
    if tag is None or ("/" in name and not ollama_like(name.split("/")[1] + ":" + variant)):
        return None
    return tag, "ollama"
