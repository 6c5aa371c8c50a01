// layer ingest
