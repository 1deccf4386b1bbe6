"""`tenderlens train` checks where it will write the model and its card before it trains (about
25 minutes), not when it has finished. No test here trains."""

from __future__ import annotations

import time
from pathlib import Path

import pipeline
from pipeline.align.corpus import CORPUS_DIR, SPLITS
from pipeline.align.train import card_path, output_problem
from pipeline.cli import main


def test_train_output_that_cannot_be_written_is_named_by_output_problem(tmp_path):
    """Regression: `train --output` naming an existing directory, a path under a file, a folder
    that cannot be made, or a model whose card path is a directory failed only when the model
    was saved, after the whole training run. `output_problem` names each before any work, and
    creates nothing for an output that can be written."""
    a_dir = tmp_path / "a_dir"
    a_dir.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me", encoding="utf-8")
    card_taken = tmp_path / "m.skops"
    card_path(card_taken).mkdir()
    cases = [
        (a_dir, f"a directory; give the model file's name, e.g. {a_dir / 'alignment.skops'}"),
        (tmp_path / "new" / "..", "a directory"),
        (a_file / "m.skops", f"{a_file} is a file, not a folder"),
        (Path("/proc/nope/m.skops"), "nothing can be written in /proc"),
        (card_taken, f"its card {tmp_path / 'm.card.json'}: a directory, not a file"),
    ]
    for output, problem in cases:
        found = output_problem(output)
        assert found is not None and found.startswith(f"{output}: ") and problem in found, found
    fine = tmp_path / "fresh" / "deeper" / "m.skops"
    assert output_problem(fine) is None
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_dir", "a_file", "m.card.json"]


def test_train_to_an_unwritable_output_is_a_usage_error_before_the_corpus_is_read(
    tmp_path, capsys, monkeypatch
):
    """Regression: `tenderlens train --output /proc/nope/m.skops` trained for about 25 minutes and
    then died with a FileNotFoundError traceback. It is now one usage line (exit 2) at once; the
    corpus is never read."""

    def corpus_must_not_be_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the corpus was read before the output was checked")

    monkeypatch.setattr("pipeline.align.train.load_corpus", corpus_must_not_be_read)
    for output in ["/proc/nope/m.skops", str(tmp_path), ""]:
        started = time.monotonic()
        assert main(["train", "--output", output]) == 2
        assert time.monotonic() - started < 10
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"tenderlens: error: --output {output or '.'}: ")


def test_train_output_naming_one_of_its_own_inputs_destroyed_it_after_training(
    tmp_path, capsys, monkeypatch
):
    """Regression: `tenderlens train --output corpora/splits.json` (or a corpus file, the
    taxonomy, or a link to one of them) trained for about 25 minutes and then wrote the model
    over that input. It is now one usage line (exit 2) at once, as an output that names an
    input is for the other commands; the corpus is never read and the file is left as it was."""

    def corpus_must_not_be_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the corpus was read before the output was checked")

    monkeypatch.setattr("pipeline.align.train.load_corpus", corpus_must_not_be_read)
    corpus_file = sorted(CORPUS_DIR.glob("*.jsonl"))[0]
    taxonomy = Path(pipeline.__file__).parent / "data" / "taxonomy.json"
    link = tmp_path / "splits-link.json"
    link.symlink_to(SPLITS)
    for output, named in [
        (SPLITS, SPLITS),
        (corpus_file, corpus_file),
        (taxonomy, taxonomy),
        (link, SPLITS),
    ]:
        before = named.read_bytes()
        assert main(["train", "--output", str(output)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err == [
            f"tenderlens: error: --output {output}: one of the files train reads ({named}); "
            "give another name"
        ]
        assert named.read_bytes() == before
    # a model beside the corpus under a new name is no input
    assert output_problem(CORPUS_DIR.parent / "m.skops") is None
