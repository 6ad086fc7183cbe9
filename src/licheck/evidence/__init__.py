"""What a model declares about itself: readers of cards, configs and weight headers, and a judge.

The readers (card, config, gguf, safetensors, licensefile, hfcache, folder) read headers only,
bounded in time and memory, and turn a bad file into licheck's own InputError. `judge` is pure: it
maps what was found onto the rules and lets the engine decide.
"""
