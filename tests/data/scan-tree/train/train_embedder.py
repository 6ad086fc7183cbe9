"""Fine-tune the retrieval embedder on our FAQ pairs (after the sentence-transformers NLI example)."""

import sys

from datasets import load_dataset
from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, losses

model_name = sys.argv[1] if len(sys.argv) > 1 else "distilroberta-base"
output_dir = "output/embedder-nli-v1"

model = SentenceTransformer(model_name)
train = load_dataset("sentence-transformers/all-nli", "triplet", split="train")
loss = losses.MultipleNegativesRankingLoss(model)
SentenceTransformerTrainer(model=model, train_dataset=train, loss=loss).train()
model.save_pretrained(output_dir)
