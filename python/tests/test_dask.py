"""mroi.dask against the single-machine run (being written)."""
