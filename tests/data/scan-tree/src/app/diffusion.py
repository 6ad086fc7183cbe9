"""Illustrations for the help centre."""

import torch
from diffusers import DiffusionPipeline, StableDiffusionXLPipeline

def sdxl():
    return StableDiffusionXLPipeline.from_pretrained(
        "stabilityai/stable-diffusion-xl-base-1.0", torch_dtype=torch.float16, variant="fp16"
    )


def refiner():
    return DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-xl-refiner-1.0")
