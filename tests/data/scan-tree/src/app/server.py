"""HTTP front end: forwards chat requests to the inference server."""

from fastapi import FastAPI
from openai import OpenAI

app = FastAPI()
client = OpenAI(base_url="http://vllm:8000/v1", api_key="none")
SERVED = "meta-llama/Llama-3.1-8B-Instruct"


@app.post("/chat", response_class=None)
def chat(body: dict) -> dict:
    reply = client.chat.completions.create(
        model=SERVED,
        messages=body["messages"],
    )
    return {"text": reply.choices[0].message.content, "media_type": "application/json"}


@app.post("/moderate")
def moderate(body: dict) -> dict:
    result = OpenAI().moderations.create(model="omni-moderation-latest", input=body["text"])
    return {"flagged": result.results[0].flagged}
