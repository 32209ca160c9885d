"""Answering: the chain, extractive answers, citations and their checks, conversation, LLM, reader.

Named `answering` rather than `answer` so that it never shadows `rag.answer()`."""
