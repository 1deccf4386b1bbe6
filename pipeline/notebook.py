"""Small helpers the analyst notebooks call (re-exported by `pipeline`, their only import)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Gothic (sans-serif) faces first: plot labels read better without serifs. Noto CJK is what
# Debian's fonts-noto-cjk installs, IPAex what `make sysdeps` installs for the test PDFs.
JAPANESE_FONTS = (
    "Noto Sans CJK JP",
    "IPAexGothic",
    "IPAGothic",
    "Noto Sans JP",
    "TakaoGothic",
    "Hiragino Sans",
    "Yu Gothic",
    "MS Gothic",
    "IPAexMincho",
    "Noto Serif CJK JP",
)


# the project folder: this package's parent, where `make run` writes out/ (an editable install,
# as the Makefile makes it, imports the package from there)
PROJECT = Path(__file__).absolute().parent.parent
DEFAULT_STORE = Path("out") / "tenderlens.duckdb"


def default_store() -> Path:
    """The store the notebooks read: the file named by ``TENDERLENS_DB`` when it is set, else
    ``out/tenderlens.duckdb`` of the project folder, where `make run` writes it. Not of the
    working directory: Jupyter starts a notebook's kernel in the notebook's own folder, where
    that relative name found nothing (and `tenderlens analyze --db` run there would have made a
    second store). Outside a project checkout (the package installed elsewhere) the default is
    taken from the working directory."""
    named = os.environ.get("TENDERLENS_DB")
    if named:
        return Path(named).expanduser()
    root = PROJECT if (PROJECT / "pyproject.toml").is_file() else Path.cwd()
    return root / DEFAULT_STORE


class NoAnalysedTender(LookupError):
    """The store holds no tender analysed with a security section: nothing to show."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: the reason in one line, and Run All stops
        return [f"{type(self).__name__}: {self}"]


def analysed_tenders(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The `documents` rows (of `pipeline.load_results`) of the tenders analysed with a security
    section (status ``ok``), the only ones with coverage and findings to show; current ones only
    (a tender edited and analysed again is its latest version, see `current_documents`). Raises
    `NoAnalysedTender` when there is none, so that a notebook stops at its first cell with one
    clear line instead of failing later on empty tables."""
    from pipeline.compare.views import current_documents

    documents = current_documents(results["documents"])
    analysed = documents[documents["status"] == "ok"]
    if analysed.empty:
        held = ", ".join(f"{s} {n}" for s, n in documents["status"].value_counts().items())
        raise NoAnalysedTender(
            f"no analysed tender with a security section in this store ({held or 'it is empty'}); "
            "analyse specifications with `tenderlens analyze PATH... --db STORE`"
        )
    return analysed


def use_japanese_font() -> str | None:
    """Make matplotlib draw Japanese with an installed CJK font, and return its name.

    matplotlib's default DejaVu Sans has no kanji or kana, so every Japanese title and tick label
    came out as empty boxes. Returns None, changing nothing, when no Japanese font is found: the
    plots still draw, only without the Japanese glyphs."""
    try:
        from matplotlib import font_manager, rcParams

        known = {f.name for f in font_manager.fontManager.ttflist}
        name = next((n for n in JAPANESE_FONTS if n in known), None)
        if name is None:
            name = _add_fontconfig_font(font_manager)
        if name is None:
            return None
        rcParams["font.family"] = "sans-serif"
        rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
        rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212 (minus)
        return name
    except Exception:  # a plot without Japanese glyphs is better than a notebook that stops
        return None


def _add_fontconfig_font(font_manager) -> str | None:  # type: ignore[no-untyped-def]
    """A Japanese font that fontconfig knows but matplotlib's font cache does not (installed
    after the cache was built, or outside the directories matplotlib searches)."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=ja", "--format", "%{file}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    for path in sorted(p for p in listed if p):
        try:
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
        except Exception:  # a font matplotlib cannot read: try the next one
            continue
    return None
