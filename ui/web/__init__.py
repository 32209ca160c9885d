"""The Gradio chat page: `app` builds and serves it; the other modules are its parts (layout,
chat turn, answer and source cards, filters, upload, the /ask API, login, texts)."""
