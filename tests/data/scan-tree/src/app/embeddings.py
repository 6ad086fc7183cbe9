"""Sentence embeddings and reranking for retrieval."""

from sentence_transformers import CrossEncoder, SentenceTransformer

EMBEDDER = "all-MiniLM-L6-v2"


def embedder() -> SentenceTransformer:
    return SentenceTransformer(EMBEDDER, device="cpu")


def multilingual() -> SentenceTransformer:
    return SentenceTransformer("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")


def reranker() -> CrossEncoder:
    return CrossEncoder("cross-encoder/ms-marco-MiniLM-L6-v2", max_length=512)


def finetuned() -> SentenceTransformer:
    # trained by train/train_embedder.py, saved next to the code
    return SentenceTransformer("output/embedder-nli-v1")


def bge() -> SentenceTransformer:
    model = SentenceTransformer(
        model_name_or_path="BAAI/bge-small-en-v1.5",
        trust_remote_code=False,
    )
    return model
