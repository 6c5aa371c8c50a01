// A/B tests (being written).
