"""Turns files of articles into chunks in the store."""
