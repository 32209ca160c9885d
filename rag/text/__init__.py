"""Text and language: words, sentences, dates in questions, question terms, answer kinds."""
