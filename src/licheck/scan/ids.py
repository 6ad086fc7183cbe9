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
HUB_PREFIXES = ("huggingface/", "hosted_vllm/", "vllm/", "together_ai/", "openai/", "deepinfra/")
OLLAMA_PREFIXES = ("ollama/", "ollama_chat/")


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
    if name.lower() in ("main", "master", "latest"):
        return None
    return text


def ollama_tag(text: str) -> str | None:
    """`text` as an Ollama model tag ("llama3.2:1b", "nomic-embed-text", "library/mistral:7b")."""
    if _OLLAMA.fullmatch(text) is None or is_api_name(text) or is_placeholder(text.split(":")[0]):
        return None
    name = text.split(":")[0].rsplit("/", 1)[-1]
    return text if re.search(r"[a-z]", name) and name not in ("model", "latest") else None


def model_value(
    text: str, *, bare: bool = False, ollama: bool = False, providers: bool = False
) -> tuple[str, str | None] | None:
    """A value written for a model: (the id to look up, a kind override), or None.

    Handles LiteLLM's provider prefixes, Ollama's `hf.co/org/name:tag` and explicit `name:tag` tags.
    """
    if text.startswith(("hf.co/", "huggingface.co/")):
        hub = hub_id(text.split("/", 1)[1].split(":")[0])
        return None if hub is None else (hub, None)
    for prefix in OLLAMA_PREFIXES:
        if text.startswith(prefix):
            tag = ollama_tag(text[len(prefix) :])
            return None if tag is None else (tag, "litellm")
    for prefix in HUB_PREFIXES:
        if text.startswith(prefix) and text.count("/") == 2:
            hub = hub_id(text[len(prefix) :], bare=True)
            return None if hub is None else (hub, "litellm")
    if ":" in text:
        tag = ollama_tag(text)
        return None if tag is None or ":" not in tag or "/" in tag else (tag, "ollama")
    if ollama:
        return (text, None) if ollama_tag(text) else None
    hub = hub_id(text, bare=bare, providers=providers)
    return None if hub is None else (hub, None)
