"""Comparing an analysis with a hand-written expectation of its findings (the samples'
corpora/samples/expected_findings.json, the blind layouts' tests/data/blind_layouts/
expected_findings.json): a finding's clauses are given there by their position among the
security clauses; known_model_errors.json beside each records the requirements the shipped
model reads otherwise, which must still read exactly so."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Agreement:
    wanted: int = 0
    agreed: int = 0
    coverage_agreed: int = 0
    coverage_total: int = 0
    extras: list[tuple] = field(default_factory=list)

    def add(self, name: str, analysis, want: dict, known: dict, record: str) -> None:  # type: ignore[no-untyped-def]
        """Count one document: ``known`` maps (document, requirement) to its recorded error,
        ``record`` is the file that holds them (named when an entry is to be removed)."""
        ids = [c.id for c in analysis.structure.security_clauses]

        def clause_ids(f: dict) -> tuple[str, ...]:
            positions = f.get("clauses") or ([f["clause"]] if "clause" in f else [])
            return tuple(sorted(ids[k - 1] for k in positions))

        mistaken = {rid for (doc, rid) in known if doc == name}
        for rid in mistaken:
            error = known[(name, rid)]
            assert want["coverage"][rid] == error["expected"], (name, rid)
            assert analysis.coverage.get(rid) == error["shipped_model"], (
                f"{name} {rid}: the analysis now gives {analysis.coverage.get(rid)!r}; "
                f"remove the entry from {record}"
            )
        got = {
            (f.kind, f.requirement_id, tuple(sorted(f.clause_ids)))
            for f in analysis.findings
            if f.requirement_id not in mistaken
        }
        exp = {
            (f["kind"], f["requirement_id"], clause_ids(f))
            for f in want["findings"]
            if f["requirement_id"] not in mistaken
        }
        self.wanted, self.agreed = self.wanted + len(exp), self.agreed + len(got & exp)
        self.extras += [(name, *x) for x in sorted(got - exp)]
        for rid, status in want["coverage"].items():
            if rid not in mistaken:
                self.coverage_total += 1
                self.coverage_agreed += analysis.coverage.get(rid) == status

    def check(self, known: dict) -> None:
        # README's figure (pytest -s): the known model errors are the expectation's other
        # findings and cells, which the model reads otherwise by record
        print(
            f"expected findings produced: {self.agreed} of {self.wanted} outside {len(known)} "
            f"known model error(s); coverage cells agreeing: {self.coverage_agreed} of "
            f"{self.coverage_total}"
        )
        assert self.agreed == self.wanted, "an expected finding was not produced with its clauses"
        assert self.extras == [], self.extras
