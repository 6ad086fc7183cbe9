"""Voice notes to text."""

from transformers import WhisperForConditionalGeneration, WhisperProcessor

processor = WhisperProcessor.from_pretrained("openai/whisper-large-v3")
model = WhisperForConditionalGeneration.from_pretrained("openai/whisper-large-v3")
# Hosted alternative: OpenAI's whisper-1 through the audio API, see https://platform.openai.com/docs
