"""Japanese text normalisation on copies, with offsets back to the printed surface text."""

from pipeline.text.normalize import is_cjk, normalize

__all__ = ["is_cjk", "normalize"]
