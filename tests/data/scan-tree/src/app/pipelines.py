"""Small task pipelines used by the triage step."""

from transformers import pipeline

sentiment = pipeline("sentiment-analysis")  # the library's default model
ner = pipeline("ner", "dslim/bert-base-NER", aggregation_strategy="simple")
zero_shot = pipeline(
    task="zero-shot-classification",
    model="facebook/bart-large-mnli",
)
summarizer = pipeline("summarization", model="./models/bart-summarizer")
translator = pipeline("translation_en_to_fr", model="google-t5/t5-small")
asr = pipeline("automatic-speech-recognition", model="openai/whisper-small")
