"""The mroi module (being written)."""
