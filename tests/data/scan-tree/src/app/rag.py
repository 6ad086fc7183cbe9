"""Retrieval-augmented answers over the support corpus."""

from datasets import load_dataset
from langchain_community.vectorstores import FAISS
from langchain_huggingface import HuggingFaceEmbeddings, HuggingFaceEndpoint

CORPUS = "acme-support/faq-2024"  # our dataset on the Hub


def corpus():
    faq = load_dataset(CORPUS, split="train")
    squad = load_dataset("rajpurkar/squad_v2", split="validation")
    return faq, squad


def store(texts):
    embeddings = HuggingFaceEmbeddings(model_name="BAAI/bge-base-en-v1.5")
    return FAISS.from_texts(texts, embeddings)


def endpoint():
    return HuggingFaceEndpoint(
        repo_id="HuggingFaceH4/zephyr-7b-beta",
        max_new_tokens=512,
        temperature=0.1,
    )


# See https://github.com/langchain-ai/langchain and https://python.langchain.com/docs/ for the API.
