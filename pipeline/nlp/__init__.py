"""Japanese analysis: Sudachi tokens (this module) and, later, GiNZA parses."""

from pipeline.nlp.sudachi import Token, tokenize

__all__ = ["Token", "tokenize"]
