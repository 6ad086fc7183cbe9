"""Supervised fine-tuning of the support model with TRL."""

import argparse

from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", type=str, default="Qwen/Qwen2.5-1.5B-Instruct")
    parser.add_argument("--dataset", default="HuggingFaceH4/no_robots")
    parser.add_argument("--output_dir", default="outputs/sft-qwen")
    parser.add_argument("--hub_model_id", default="acme-ai/support-qwen-sft")
    return parser.parse_args()


def main():
    args = parse()
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForCausalLM.from_pretrained(args.model_name_or_path, torch_dtype="bfloat16")
    data = load_dataset(args.dataset, split="train")
    config = SFTConfig(
        output_dir=args.output_dir,
        hub_model_id=args.hub_model_id,
        push_to_hub=True,
        report_to="wandb",
    )
    SFTTrainer(model=model, args=config, train_dataset=data, processing_class=tokenizer).train()


if __name__ == "__main__":
    main()
