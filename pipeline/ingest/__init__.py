"""Ingestion: a PDF or a .txt file in, a `TenderDocument` (pages of lines in reading order) out."""

from pipeline.ingest.reader import ingest, ingest_bytes

__all__ = ["ingest", "ingest_bytes"]
