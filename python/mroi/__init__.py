"""mroi: the marketing ROI engine (placeholder while the package is written)."""
