#!/usr/bin/env bash
# Local development with Ollama: start the server in Docker, then pull the models.
docker run -d -v ollama:/root/.ollama -p 11434:11434 --name ollama ollama/ollama
docker exec -it ollama ollama pull llama3.1:8b
docker exec -it ollama ollama run phi3:mini "hello"
ollama pull nomic-embed-text
ollama create support -f ollama/Modelfile
ollama list
