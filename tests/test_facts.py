"""The database's facts, one row per fact, each naming its source (checked 2026-11-27).

These rows were written from the license texts and model cards, not from the rule files: a wrong
rule makes its row fail.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import ROOT, Run

LLAMA2 = "Llama 2 Community License §2 (700M MAU at release), §1.b.v (no improving other LLMs)"
LLAMA3 = "Meta Llama 3 Community License §1.b.v (no improving other LLMs), §2 (700M MAU)"
LLAMA31 = "Llama 3.1 Community License: outputs may improve other models with 'Llama' naming (§1.b.i)"
AUP32 = "Llama 3.2 Acceptable Use Policy: multimodal rights not granted to EU-domiciled licensees"
QWEN = "Tongyi Qianwen License Agreement §4 (100M MAU needs Alibaba's authorization), §5.b"
STAB = "Stability AI Community License §III: free commercial use under USD 1M annual revenue"

# (model, use, extra flags, expected verdict, expected license in effect, source)
FACTS: list[tuple[str, str, str, str, str | None, str]] = [
    # LLaMA 1 and derivatives
    (
        "huggyllama/llama-7b",
        "commercial",
        "",
        "denied",
        "llama1",
        "LLaMA license §1.a: non-commercial research",
    ),
    ("llama-65b", "research", "", "allowed", "llama1", "LLaMA license §1.a"),
    (
        "alpaca-7b",
        "commercial",
        "",
        "denied",
        "cc-by-nc-4.0",
        "Stanford Alpaca README: CC BY-NC 4.0, LLaMA terms",
    ),
    ("lmsys/vicuna-7b-v1.3", "commercial", "", "denied", "llama1", "FastChat README: LLaMA model license"),
    (
        "lmsys/vicuna-13b-v1.5",
        "commercial",
        "--mau 1000",
        "conditional",
        "llama2",
        "vicuna-13b-v1.5 card: Llama 2 license, trained on ShareGPT conversations that carry no license",
    ),
    # Llama 2 and Code Llama
    ("meta-llama/Llama-2-70b-chat-hf", "commercial", "--mau 700000000", "allowed", "llama2", LLAMA2),
    ("meta-llama/Llama-2-70b-chat-hf", "commercial", "--mau 700000001", "denied", "llama2", LLAMA2),
    ("llama-2-7b-chat", "distill", "--mau 10", "denied", "llama2", LLAMA2),
    (
        "codellama/CodeLlama-7b-hf",
        "commercial",
        "--mau 10",
        "allowed",
        "llama2",
        "Code Llama: Llama 2 license",
    ),
    ("meta-llama/Llama-2-7b-hf", "commercial", "--as-of 2023-07-01", "unknown", None, "released 2023-07-18"),
    # Llama 3.x and 4
    ("meta-llama/Meta-Llama-3-8B-Instruct", "distill", "--mau 10", "denied", "llama3", LLAMA3),
    ("meta-llama/Llama-3.1-8B-Instruct", "distill", "--mau 10", "allowed", "llama3.1", LLAMA31),
    ("meta-llama/Meta-Llama-3.1-8B", "commercial", "--mau 800000000", "denied", "llama3.1", LLAMA31),
    (
        "meta-llama/Llama-3.2-11B-Vision-Instruct",
        "commercial",
        "--mau 10 --region FR",
        "denied",
        "llama3.2-vision",
        AUP32,
    ),
    (
        "meta-llama/Llama-3.2-11B-Vision-Instruct",
        "commercial",
        "--mau 10 --region US",
        "allowed",
        "llama3.2-vision",
        AUP32,
    ),
    (
        "meta-llama/Llama-3.2-3B-Instruct",
        "commercial",
        "--mau 10 --region FR",
        "allowed",
        "llama3.2",
        "the EU clause covers only the multimodal Llama 3.2 models",
    ),
    (
        "meta-llama/Llama-3.3-70B-Instruct",
        "commercial",
        "--mau 10",
        "allowed",
        "llama3.3",
        "Llama 3.3 license",
    ),
    (
        "meta-llama/Llama-4-Scout-17B-16E-Instruct",
        "commercial",
        "--mau 10 --region DE",
        "denied",
        "llama4",
        "Llama 4 AUP: multimodal models, EU exclusion",
    ),
    # OPT and Galactica
    ("facebook/opt-1.3b", "commercial", "", "denied", "opt-175b-license", "OPT-175B license: non-commercial"),
    ("facebook/galactica-1.3b", "commercial", "", "denied", "cc-by-nc-4.0", "galactica card: CC BY-NC 4.0"),
    # Falcon
    (
        "tiiuae/falcon-7b",
        "commercial",
        "",
        "allowed",
        "apache-2.0",
        "falcon-7b card: Apache 2.0 since 2023-05-31",
    ),
    (
        "tiiuae/falcon-7b",
        "commercial",
        "--as-of 2023-05-26 --revenue 500000",
        "denied",
        "tii-falcon-llm-1.0",
        "TII Falcon LLM License 1.0 §1, §8: commercial use only for a Commercial User TII granted permission",
    ),
    (
        "tiiuae/falcon-180B",
        "hosted-service",
        "",
        "denied",
        "falcon-180b-tii-1.0",
        "Falcon-180B TII License §9: hosting use needs a separate license from TII",
    ),
    ("tiiuae/falcon-180B", "commercial", "", "allowed", "falcon-180b-tii-1.0", "Falcon-180B TII License §2"),
    # MPT, Dolly, DBRX, Arctic
    (
        "mosaicml/mpt-7b-instruct",
        "commercial",
        "--as-of 2023-06-01",
        "allowed",
        "cc-by-sa-3.0",
        "mpt-7b-instruct card at release: CC-BY-SA-3.0",
    ),
    ("mosaicml/mpt-30b-chat", "commercial", "", "denied", "cc-by-nc-sa-4.0", "mpt-30b-chat card"),
    ("mosaicml/mpt-30b", "commercial", "", "allowed", "apache-2.0", "mpt-30b card"),
    ("databricks/dolly-v2-12b", "commercial", "", "allowed", "mit", "dolly-v2-12b card: MIT"),
    (
        "databricks/dbrx-instruct",
        "distill",
        "--mau 10",
        "denied",
        "databricks-open-model",
        "Databricks Open Model License §2.3",
    ),
    (
        "databricks/dbrx-instruct",
        "commercial",
        "--mau 800000000",
        "denied",
        "databricks-open-model",
        "Databricks Open Model License §3: 700M MAU",
    ),
    ("Snowflake/snowflake-arctic-instruct", "commercial", "", "allowed", "apache-2.0", "Arctic card"),
    # Mistral
    (
        "mistralai/Mistral-7B-v0.1",
        "commercial",
        "",
        "allowed",
        "apache-2.0",
        "Mistral 7B announcement: Apache 2.0",
    ),
    ("mistralai/Mixtral-8x7B-Instruct-v0.1", "commercial", "", "allowed", "apache-2.0", "Mixtral card"),
    (
        "mistralai/Codestral-22B-v0.1",
        "commercial",
        "",
        "denied",
        "mnpl-0.1",
        "Mistral AI Non-Production License",
    ),
    (
        "mistralai/Mistral-Large-Instruct-2407",
        "commercial",
        "",
        "denied",
        "mrl-0.1",
        "Mistral Research License",
    ),
    (
        "mistralai/Mistral-Small-24B-Instruct-2501",
        "commercial",
        "",
        "allowed",
        "apache-2.0",
        "Mistral Small 3",
    ),
    # Google
    ("google/gemma-7b", "commercial", "", "allowed", "gemma", "Gemma Terms of Use §3"),
    ("google/gemma-2-9b-it", "fine-tune", "", "allowed", "gemma", "Gemma Terms of Use §1.1(e), §3.1"),
    ("google/flan-t5-xl", "commercial", "", "allowed", "apache-2.0", "flan-t5-xl card"),
    # Microsoft
    ("microsoft/phi-2", "commercial", "", "allowed", "mit", "phi-2 card: MIT since January 2024"),
    (
        "microsoft/phi-2",
        "commercial",
        "--as-of 2023-12-20",
        "denied",
        "microsoft-research-license",
        "phi-2 at release: Microsoft Research License, research only",
    ),
    ("microsoft/Orca-2-13b", "commercial", "", "denied", "microsoft-research-license", "Orca 2 card"),
    ("microsoft/phi-4", "commercial", "", "allowed", "mit", "phi-4 card: MIT"),
    ("HuggingFaceH4/zephyr-7b-beta", "commercial", "", "allowed", "mit", "zephyr-7b-beta card: MIT"),
    # Qwen
    ("Qwen/Qwen2.5-72B-Instruct", "commercial", "--mau 200000000", "denied", "qwen", QWEN),
    ("Qwen/Qwen2.5-72B-Instruct", "commercial", "--mau 1000000", "allowed", "qwen", QWEN),
    (
        "Qwen/Qwen2.5-7B-Instruct",
        "commercial",
        "",
        "allowed",
        "apache-2.0",
        "Qwen2.5 blog: Apache 2.0 except 3B, 72B",
    ),
    ("Qwen/Qwen2.5-3B", "commercial", "", "denied", "qwen-research", "Qwen RESEARCH LICENSE §2.b, §9.a"),
    ("Qwen/Qwen-7B-Chat", "distill", "--mau 10", "denied", "tongyi-qianwen", QWEN),
    ("Qwen/Qwen3-8B", "commercial", "", "allowed", "apache-2.0", "Qwen3 release: Apache 2.0"),
    # DeepSeek
    (
        "deepseek-ai/DeepSeek-R1",
        "distill",
        "",
        "allowed",
        "mit",
        "DeepSeek-R1 card: MIT, distillation allowed",
    ),
    (
        "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
        "commercial",
        "",
        "allowed",
        "mit",
        "R1 card; Qwen2.5-Math: Apache",
    ),
    (
        "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
        "commercial",
        "--mau 800000000",
        "denied",
        "mit",
        "R1 card: the Llama distills keep the Llama 3.1 license of their base",
    ),
    ("deepseek-ai/deepseek-llm-7b-chat", "commercial", "", "allowed", "deepseek", "DeepSeek License §2-3"),
    # Yi and Baichuan
    (
        "01-ai/Yi-34B",
        "commercial",
        "--as-of 2024-01-01",
        "denied",
        "yi-license",
        "Yi License §2: commercial use needs written authorization (apply to 01.AI)",
    ),
    ("01-ai/Yi-34B", "commercial", "", "allowed", "apache-2.0", "Yi README: Apache 2.0 since 2024-05-30"),
    (
        "baichuan-inc/Baichuan2-7B-Chat",
        "commercial",
        "--dau 2000000",
        "denied",
        "baichuan2-community",
        "Baichuan 2 Community License: under 1M DAU",
    ),
    (
        "baichuan-inc/Baichuan2-7B-Chat",
        "commercial",
        "--dau 1000 --org cloud-provider",
        "denied",
        "baichuan2-community",
        "Baichuan 2 Community License: not for cloud service providers",
    ),
    # BigScience, EleutherAI, Stability, BigCode, others
    ("bigscience/bloom", "commercial", "", "allowed", "bigscience-bloom-rail-1.0", "BLOOM RAIL 1.0"),
    ("EleutherAI/gpt-j-6b", "commercial", "", "allowed", "apache-2.0", "gpt-j-6b card"),
    ("EleutherAI/pythia-12b", "commercial", "", "allowed", "apache-2.0", "pythia card"),
    (
        "stabilityai/stablelm-base-alpha-7b",
        "commercial",
        "",
        "allowed",
        "cc-by-sa-4.0",
        "StableLM-Alpha README",
    ),
    (
        "stabilityai/stablelm-tuned-alpha-7b",
        "commercial",
        "",
        "denied",
        "cc-by-nc-sa-4.0",
        "StableLM-Alpha README",
    ),
    ("stabilityai/stable-diffusion-xl-base-1.0", "commercial", "", "allowed", "openrail++", "SDXL card"),
    ("runwayml/stable-diffusion-v1-5", "commercial", "", "allowed", "creativeml-openrail-m", "SD 1.5 card"),
    (
        "stabilityai/stable-diffusion-3.5-large",
        "commercial",
        "--revenue 2000000",
        "denied",
        "stabilityai-community",
        STAB,
    ),
    (
        "stabilityai/stable-diffusion-3.5-large",
        "commercial",
        "--revenue 500000",
        "allowed",
        "stabilityai-community",
        STAB,
    ),
    (
        "stabilityai/stable-diffusion-3-medium",
        "commercial",
        "--as-of 2024-06-20",
        "denied",
        "stabilityai-nc-research-community",
        "SD3 Medium at release: non-commercial research community license",
    ),
    ("bigcode/starcoder2-15b", "commercial", "", "allowed", "bigcode-openrail-m-v1", "BigCode OpenRAIL-M v1"),
    ("openlm-research/open_llama_7b", "commercial", "", "allowed", "apache-2.0", "OpenLLaMA README"),
    ("cerebras/Cerebras-GPT-13B", "commercial", "", "allowed", "apache-2.0", "Cerebras-GPT card"),
    (
        "CohereForAI/c4ai-command-r-plus",
        "commercial",
        "",
        "denied",
        "cohere-c4ai-cc-by-nc-4.0",
        "Command R+ card: CC-BY-NC 4.0 with the C4AI acceptable use policy",
    ),
    ("xai-org/grok-1", "commercial", "", "allowed", "apache-2.0", "grok-1 repository: Apache 2.0"),
    ("allenai/OLMo-7B", "commercial", "", "allowed", "apache-2.0", "OLMo card"),
    (
        "nvidia/Nemotron-4-340B-Instruct",
        "commercial",
        "",
        "allowed",
        "nvidia-open-model-license",
        "NVIDIA Open Model License §2.2",
    ),
    ("openai/whisper-large-v3", "commercial", "", "allowed", "mit", "openai/whisper LICENSE: MIT"),
    (
        "sentence-transformers/all-MiniLM-L6-v2",
        "commercial",
        "",
        "conditional",
        "apache-2.0",
        "model card: Apache 2.0; trained on MS MARCO among its fine-tuning data (non-commercial terms)",
    ),
    ("openai/gpt-oss-20b", "commercial", "", "allowed", "apache-2.0", "gpt-oss card: Apache 2.0"),
]


@pytest.mark.parametrize(
    ("model", "use", "flags", "verdict", "license_id", "source"),
    FACTS,
    ids=[f"{f[0]}-{f[1]}{'-' + f[2] if f[2] else ''}" for f in FACTS],
)
def test_fact(
    licheck: Callable[..., Run],
    model: str,
    use: str,
    flags: str,
    verdict: str,
    license_id: str | None,
    source: str,
) -> None:
    """One fact from one source."""
    result = licheck("model", model, "--use", use, *flags.split(), "--format", "json")
    doc = json.loads(result.stdout)
    assert (doc["verdict"], doc["license"]) == (verdict, license_id), source


# Rows written by the reviewers of each batch of rules, from the sources (tests/data/facts/*.tsv:
# model, use, flags, verdict, license in effect, source), one fact from one source each.
FACT_FILES = sorted((ROOT / "tests" / "data" / "facts").glob("*.tsv"))


def _tsv_facts() -> list[tuple[str, str, str, str, str | None, str]]:
    rows = []
    for path in FACT_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].split("\t") == ["model", "use", "flags", "verdict", "license", "source"], path
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            fields = line.split("\t")
            assert len(fields) == 6, f"{path.name}:{number}"
            assert all(fields[i] for i in (0, 1, 3, 5)), f"{path.name}:{number}"
            model, use, flags, verdict, license_id, source = fields
            rows.append((model, use, flags, verdict, license_id or None, f"{path.name}:{number}: {source}"))
    return rows


@pytest.mark.parametrize(("model", "use", "flags", "verdict", "license_id", "source"), _tsv_facts())
def test_reviewed_fact(
    licheck: Callable[..., Run],
    model: str,
    use: str,
    flags: str,
    verdict: str,
    license_id: str | None,
    source: str,
) -> None:
    """One fact of a reviewed batch, from its source."""
    result = licheck("model", model, "--use", use, *flags.split(), "--format", "json")
    doc = json.loads(result.stdout)
    assert (doc["verdict"], doc["license"]) == (verdict, license_id), source


def test_every_batch_has_its_facts() -> None:
    """Each batch of reviewed rules brings rows of facts (at least 20 per file)."""
    assert FACT_FILES
    for path in FACT_FILES:
        assert len(path.read_text(encoding="utf-8").splitlines()) > 20, path.name


# Every family named in the database issue: a base and a chat/instruct variant, each reachable by
# its Hugging Face repo id and by a short id.
FAMILIES: list[tuple[str, str, str]] = [
    ("LLaMA 1", "huggyllama/llama-7b", "llama-7b"),
    ("Llama 2", "meta-llama/Llama-2-7b-hf", "llama-2-7b"),
    ("Llama 2 chat", "meta-llama/Llama-2-7b-chat-hf", "llama-2-7b-chat"),
    ("Code Llama", "codellama/CodeLlama-7b-hf", "codellama-7b"),
    ("Code Llama instruct", "codellama/CodeLlama-7b-Instruct-hf", "codellama-7b-instruct"),
    ("Llama 3", "meta-llama/Meta-Llama-3-8B", "llama-3-8b"),
    ("Llama 3 instruct", "meta-llama/Meta-Llama-3-8B-Instruct", "llama-3-8b-instruct"),
    ("Llama 3.1", "meta-llama/Llama-3.1-8B", "llama-3.1-8b"),
    ("Llama 3.1 instruct", "meta-llama/Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"),
    ("Llama 3.2", "meta-llama/Llama-3.2-1B", "llama-3.2-1b"),
    ("Llama 3.2 instruct", "meta-llama/Llama-3.2-1B-Instruct", "llama-3.2-1b-instruct"),
    ("Llama 3.3", "meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b"),
    ("Llama 4", "meta-llama/Llama-4-Scout-17B-16E", "llama-4-scout-17b-16e"),
    ("Llama 4 instruct", "meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama-4-scout"),
    ("Falcon", "tiiuae/falcon-40b", "falcon-40b"),
    ("Falcon instruct", "tiiuae/falcon-40b-instruct", "falcon-40b-instruct"),
    ("Falcon 180B chat", "tiiuae/falcon-180B-chat", "falcon-180b-chat"),
    ("Falcon 2", "tiiuae/falcon-11B", "falcon-11b"),
    ("Falcon 3", "tiiuae/Falcon3-7B-Base", "falcon3-7b-base"),
    ("Falcon 3 instruct", "tiiuae/Falcon3-7B-Instruct", "falcon3-7b-instruct"),
    ("MPT", "mosaicml/mpt-7b", "mpt-7b"),
    ("MPT chat", "mosaicml/mpt-7b-chat", "mpt-7b-chat"),
    ("MPT-30B instruct", "mosaicml/mpt-30b-instruct", "mpt-30b-instruct"),
    ("Mistral 7B", "mistralai/Mistral-7B-v0.1", "mistral-7b"),
    ("Mistral 7B instruct", "mistralai/Mistral-7B-Instruct-v0.3", "mistral-7b-instruct-v0.3"),
    ("Mixtral", "mistralai/Mixtral-8x7B-v0.1", "mixtral-8x7b"),
    ("Mixtral instruct", "mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral-8x7b-instruct"),
    ("Mistral Nemo", "mistralai/Mistral-Nemo-Base-2407", "mistral-nemo"),
    ("Mistral Nemo instruct", "mistralai/Mistral-Nemo-Instruct-2407", "mistral-nemo-instruct"),
    ("Mistral Small", "mistralai/Mistral-Small-24B-Instruct-2501", "mistral-small-3"),
    ("Mistral Large", "mistralai/Mistral-Large-Instruct-2407", "mistral-large-2"),
    ("Codestral", "mistralai/Codestral-22B-v0.1", "codestral"),
    ("Gemma", "google/gemma-7b", "gemma-7b"),
    ("Gemma instruct", "google/gemma-7b-it", "gemma-7b-it"),
    ("Gemma 2", "google/gemma-2-9b", "gemma-2-9b"),
    ("Gemma 2 instruct", "google/gemma-2-9b-it", "gemma-2-9b-it"),
    ("Gemma 3", "google/gemma-3-4b-pt", "gemma-3-4b-pt"),
    ("Gemma 3 instruct", "google/gemma-3-4b-it", "gemma-3-4b-it"),
    ("Qwen", "Qwen/Qwen-7B", "qwen-7b"),
    ("Qwen chat", "Qwen/Qwen-7B-Chat", "qwen-7b-chat"),
    ("Qwen1.5", "Qwen/Qwen1.5-72B", "qwen1.5-72b"),
    ("Qwen1.5 chat", "Qwen/Qwen1.5-72B-Chat", "qwen1.5-72b-chat"),
    ("Qwen2", "Qwen/Qwen2-7B", "qwen2-7b"),
    ("Qwen2 instruct", "Qwen/Qwen2-7B-Instruct", "qwen2-7b-instruct"),
    ("Qwen2.5", "Qwen/Qwen2.5-7B", "qwen2.5-7b"),
    ("Qwen2.5 instruct", "Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct"),
    ("Qwen3", "Qwen/Qwen3-8B", "qwen3-8b"),
    ("DeepSeek LLM", "deepseek-ai/deepseek-llm-7b-base", "deepseek-llm-7b-base"),
    ("DeepSeek LLM chat", "deepseek-ai/deepseek-llm-7b-chat", "deepseek-llm-7b-chat"),
    ("DeepSeek V2", "deepseek-ai/DeepSeek-V2", "deepseek-v2"),
    ("DeepSeek V2 chat", "deepseek-ai/DeepSeek-V2-Chat", "deepseek-v2-chat"),
    ("DeepSeek V3", "deepseek-ai/DeepSeek-V3", "deepseek-v3"),
    ("DeepSeek R1", "deepseek-ai/DeepSeek-R1", "deepseek-r1"),
    ("DeepSeek R1 distill", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "deepseek-r1-distill-qwen-7b"),
    ("Phi-2", "microsoft/phi-2", "phi-2"),
    ("Phi-3 instruct", "microsoft/Phi-3-mini-4k-instruct", "phi-3-mini-4k-instruct"),
    ("Phi-4", "microsoft/phi-4", "phi-4"),
    ("BLOOM", "bigscience/bloom", "bloom"),
    ("BLOOMZ", "bigscience/bloomz", "bloomz"),
    ("OPT", "facebook/opt-1.3b", "opt-1.3b"),
    ("Galactica", "facebook/galactica-6.7b", "galactica-6.7b"),
    ("GPT-J", "EleutherAI/gpt-j-6b", "gpt-j-6b"),
    ("GPT-NeoX", "EleutherAI/gpt-neox-20b", "gpt-neox-20b"),
    ("Pythia", "EleutherAI/pythia-6.9b", "pythia-6.9b"),
    ("Dolly", "databricks/dolly-v2-12b", "dolly-v2-12b"),
    ("Alpaca", "tatsu-lab/alpaca-7b-wdiff", "alpaca-7b"),
    ("Vicuna", "lmsys/vicuna-13b-v1.5", "vicuna-13b-v1.5"),
    ("StableLM", "stabilityai/stablelm-base-alpha-7b", "stablelm-base-alpha-7b"),
    ("StableLM tuned", "stabilityai/stablelm-tuned-alpha-7b", "stablelm-tuned-alpha-7b"),
    ("RedPajama-INCITE", "togethercomputer/RedPajama-INCITE-7B-Base", "redpajama-incite-7b-base"),
    ("RedPajama-INCITE chat", "togethercomputer/RedPajama-INCITE-7B-Chat", "redpajama-incite-7b-chat"),
    ("OpenLLaMA", "openlm-research/open_llama_7b", "openllama-7b"),
    ("Cerebras-GPT", "cerebras/Cerebras-GPT-6.7B", "cerebras-gpt-6.7b"),
    ("Command R", "CohereForAI/c4ai-command-r-v01", "command-r"),
    ("Command R+", "CohereForAI/c4ai-command-r-plus", "command-r-plus"),
    ("DBRX", "databricks/dbrx-base", "dbrx-base"),
    ("DBRX instruct", "databricks/dbrx-instruct", "dbrx-instruct"),
    ("Grok-1", "xai-org/grok-1", "grok-1"),
    ("OLMo", "allenai/OLMo-7B", "olmo-7b"),
    ("Yi", "01-ai/Yi-34B", "yi-34b"),
    ("Yi chat", "01-ai/Yi-34B-Chat", "yi-34b-chat"),
    ("Nemotron", "nvidia/Nemotron-4-340B-Base", "nemotron-4-340b-base"),
    ("Nemotron instruct", "nvidia/Nemotron-4-340B-Instruct", "nemotron-4-340b-instruct"),
    ("Arctic", "Snowflake/snowflake-arctic-base", "snowflake-arctic-base"),
    ("Arctic instruct", "Snowflake/snowflake-arctic-instruct", "snowflake-arctic-instruct"),
    ("Jamba", "ai21labs/Jamba-v0.1", "jamba-v0.1"),
    ("StarCoder", "bigcode/starcoder", "starcoder"),
    ("StarCoder2", "bigcode/starcoder2-15b", "starcoder2-15b"),
    ("Zephyr", "HuggingFaceH4/zephyr-7b-beta", "zephyr-7b-beta"),
    ("Orca 2", "microsoft/Orca-2-13b", "orca-2-13b"),
    ("Stable Diffusion 1.x", "runwayml/stable-diffusion-v1-5", "sd-v1-5"),
    ("Stable Diffusion 2.x", "stabilityai/stable-diffusion-2-1", "sd-2.1"),
    ("Stable Diffusion XL", "stabilityai/stable-diffusion-xl-base-1.0", "sdxl"),
    ("Stable Diffusion 3", "stabilityai/stable-diffusion-3-medium", "sd3-medium"),
    ("Whisper", "openai/whisper-large-v3", "whisper-large-v3"),
    ("CLIP", "openai/clip-vit-large-patch14", "clip-vit-large-patch14"),
    ("sentence-transformers", "sentence-transformers/all-mpnet-base-v2", "all-mpnet-base-v2"),
    ("T5", "google-t5/t5-base", "t5-base"),
    ("Flan-T5", "google/flan-t5-base", "flan-t5-base"),
]


@pytest.mark.parametrize(("family", "hub_id", "short_id"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_family_resolves(licheck: Callable[..., Run], family: str, hub_id: str, short_id: str) -> None:
    """The Hub repo id and the short id name the same model."""
    by_hub = json.loads(licheck("model", hub_id, "--use", "research", "--format", "json").stdout)
    by_short = json.loads(licheck("model", short_id, "--use", "research", "--format", "json").stdout)
    assert by_hub["model"] is not None, f"{family}: {hub_id} does not resolve"
    assert by_hub["model"] == by_short["model"], family


def test_counts(licheck: Callable[..., Run]) -> None:
    """The database holds at least 150 models and 40 licenses (`licheck rules stats`)."""
    doc = json.loads(licheck("rules", "stats", "--format", "json").stdout)
    assert doc["models"] >= 150
    assert doc["licenses"] >= 40
