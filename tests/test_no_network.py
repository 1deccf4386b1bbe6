"""No network: a whole analysis, comparison and report run with every socket connection refused.
Models and taxonomy load from the package and the project only."""

from __future__ import annotations

import socket

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLES


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address, *args, **kwargs):  # type: ignore[no-untyped-def]
        # local IPC sockets (AF_UNIX) are not network
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise NetworkUsed(f"network connection attempted to {address}")
        return original(self, address, *args, **kwargs)

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (_ for _ in ()).throw(NetworkUsed(str(address))))
    return attempts


def test_analysis_and_report_make_no_network_connection(tmp_path, no_network):
    db = tmp_path / "offline.duckdb"
    assert main(["analyze", str(SAMPLES / "national_ministry.pdf"), str(SAMPLES / "prefecture.pdf"),
                 "--db", str(db), "--json-dir", str(tmp_path / "json")]) == 0
    assert main(["compare", "--db", str(db), "--html", str(tmp_path / "r.html"),
                 "--xlsx", str(tmp_path / "r.xlsx")]) == 0
    assert no_network == []
