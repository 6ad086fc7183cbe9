"""Local models through Ollama, for laptops without a GPU."""

import ollama
from langchain_ollama import ChatOllama, OllamaEmbeddings

DEFAULT = "llama3.2:3b"


def ask(question: str) -> str:
    reply = ollama.chat(model=DEFAULT, messages=[{"role": "user", "content": question}])
    return reply["message"]["content"]


def code(question: str) -> str:
    return ollama.generate(model="qwen2.5-coder:7b", prompt=question)["response"]


def chat_model() -> ChatOllama:
    return ChatOllama(model="mistral", temperature=0)


def embeddings() -> OllamaEmbeddings:
    return OllamaEmbeddings(model="nomic-embed-text")


def ensure() -> None:
    ollama.pull("gemma2:2b")
    # The server itself runs from the ollama/ollama image (see docker-compose.yml).
