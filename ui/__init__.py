"""User-facing fronts: the command line and the Gradio chat."""
