FROM ollama/ollama:0.3.14
COPY ollama/Modelfile /models/Modelfile
RUN ollama serve & sleep 5 && ollama pull llama3.2:3b && ollama create support -f /models/Modelfile
