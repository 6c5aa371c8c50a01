# The model's input: weekly tables (Robyn, Meridian layouts) and series from a dataset.
# The weekly CSV is split by the ingest layer's RFC 4180 reader.
list(APPEND MMM_SRCS weekly_series.cc weekly_csv.cc weekly_from_dataset.cc)
list(APPEND MMM_DATA_TESTS weekly_data_test.cc)
set(MMM_DATA_DEPS mroi::ingest)
