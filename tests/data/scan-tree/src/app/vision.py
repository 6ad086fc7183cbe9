"""Screenshot classification."""

from transformers import AutoImageProcessor, CLIPModel, CLIPProcessor, ViTForImageClassification

clip = CLIPModel.from_pretrained('openai/clip-vit-base-patch32')
clip_processor = CLIPProcessor.from_pretrained('openai/clip-vit-base-patch32')
vit = ViTForImageClassification.from_pretrained('google/vit-base-patch16-224')
processor = AutoImageProcessor.from_pretrained("google/vit-base-patch16-224")
MIME = ("image/png", "image/jpeg")
