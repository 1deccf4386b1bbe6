"""TenderLens: information-security obligations of Japanese tender specifications, with evidence.

The public API for scripts and notebooks:

    >>> from pipeline import analyze
    >>> result = analyze("tender.pdf")
    >>> result.status, [s.heading for s in result.structure.security_sections]
"""

from pipeline.analysis import analyze_path as analyze
from pipeline.analysis import to_json
from pipeline.compare.views import (
    current_documents,
    key_attributes,
    matrix,
    requirements,
    tender_labels,
    typicality,
)
from pipeline.ingest import ingest
from pipeline.notebook import (
    NoAnalysedTender,
    analysed_tenders,
    default_store,
    use_japanese_font,
)
from pipeline.store import load_parquet, load_results
from pipeline.structure import build_structure

__all__ = [
    "NoAnalysedTender",
    "analysed_tenders",
    "analyze",
    "build_structure",
    "current_documents",
    "default_store",
    "ingest",
    "key_attributes",
    "load_parquet",
    "load_results",
    "matrix",
    "requirements",
    "tender_labels",
    "to_json",
    "typicality",
    "use_japanese_font",
]
