"""The taxonomy ships as package data, and a broken data file is refused with a clear message."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from pipeline.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy

REQUIRED = {
    "N_BASE": 13,
    "L_BASE": 14,
    "PD": 10,
    "MN": 15,
    "CLOUD": 3,
}


def _raw() -> dict:
    return json.loads(resources.files("pipeline").joinpath("data/taxonomy.json").read_bytes())


def _parse(data: dict):
    return parse_taxonomy(json.dumps(data, ensure_ascii=False).encode())


def test_shipped_taxonomy_loads():
    t = load_taxonomy()
    assert len(t.ids) == 36 and len(set(t.ids)) == 36
    assert {name: len(p.required) for name, p in t.profiles.items()} == REQUIRED
    # MN is PD plus the My Number items
    assert set(t.profiles["PD"].required) < set(t.profiles["MN"].required)
    supplier = t.requirement("SEC.SUPPLIER_DISCLOSURE")
    assert [e.ja for e in supplier.elements] == [
        "資本関係",
        "役員",
        "実施場所",
        "従事者の所属",
        "専門性",
        "実績",
        "国籍",
    ]
    assert len(t.requirement("SEC.MYNUMBER_HANDLING").elements) == 10
    assert len(t.sha256) == 64 and t.version


def test_unknown_id_in_profile():
    data = _raw()
    data["profiles"]["PD"]["required"].append("NO_SUCH_THING")
    with pytest.raises(
        TaxonomyError, match=r"profiles\.PD\.required: unknown requirement ID 'NO_SUCH_THING'"
    ):
        _parse(data)


def test_duplicate_id():
    data = _raw()
    data["requirements"].append(dict(data["requirements"][0]))
    with pytest.raises(
        TaxonomyError, match=r"requirements\[36\]\.id: duplicate ID 'SEC.POLICY_COMPLIANCE'"
    ):
        _parse(data)


def test_bad_pattern():
    data = _raw()
    data["requirements"][3]["triggers"]["patterns"] = ["目的(外"]
    with pytest.raises(
        TaxonomyError, match=r"requirements\[3\]\.triggers\.patterns\[0\]: bad pattern"
    ):
        _parse(data)


def test_missing_field_and_bad_types():
    data = _raw()
    del data["requirements"][5]["ja"]
    with pytest.raises(TaxonomyError, match=r"requirements\[5\]: missing field 'ja'"):
        _parse(data)
    data = _raw()
    data["requirements"][0]["triggers"]["strong"] = ["", "遵守"]
    with pytest.raises(
        TaxonomyError, match=r"triggers\.strong\[0\]: a trigger must be a non-empty string"
    ):
        _parse(data)
    data = _raw()
    data["requirements"][0]["attributes"] = ["colour"]
    with pytest.raises(TaxonomyError, match=r"unknown slot 'colour'"):
        _parse(data)


def test_circular_profile_include():
    data = _raw()
    data["profiles"]["PD"]["includes"] = ["MN"]
    with pytest.raises(TaxonomyError, match="circular include"):
        _parse(data)


def test_not_json():
    with pytest.raises(TaxonomyError, match="not valid JSON"):
        parse_taxonomy(b"{ nope")


def test_duty_kinds_are_data_and_checked():
    t = load_taxonomy()
    assert t.requirement("SEC.CONFIDENTIALITY").duty == "ban"
    assert t.requirement("SEC.INCIDENT_REPORTING").duty == "act"
    assert t.requirement("SEC.AUDIT_ACCEPTANCE").duty == "issuer_right"
    assert t.requirement("SEC.RETURN_DISPOSAL").recorded_by == "SEC.DISPOSAL_CERTIFICATION"
    assert t.requirement("SEC.WORK_LOCATION_CONTROL").duty_is_a_place
    assert t.requirement("SEC.INCIDENT_REPORTING").duty_timing == "on_event"
    assert t.requirement("SEC.INCIDENT_PREPAREDNESS").duty_timing == "in_advance"
    assert t.requirement("SEC.CONFIDENTIALITY").duty_timing is None
    # how the frames read a duty (corpora/frames/README.md, conventions)
    assert t.requirement("SEC.ACCESS_SCOPE").duty_is_a_limit
    assert t.requirement("SEC.PERSONNEL_LIMITATION").duty_always_an_act
    assert t.requirement("SEC.STAFF_TRAINING_SUPERVISION").duty_is_a_training
    assert t.requirement("SEC.INCIDENT_RESPONSE_COOPERATION").opened_by_the_issuer
    assert t.requirement("SEC.COMPLIANCE_REPORTING").asked_for_by_the_issuer
    assert t.requirement("SEC.RETURN_DISPOSAL").done_at_the_end
    assert t.requirement("SEC.CLOUD_ISMAP").covers_the_whole_work
    assert not t.requirement("SEC.PD_SAFEGUARDS").covers_the_whole_work
    assert t.requirement("SEC.SECURE_TRANSFER").also_reads == ("form",)
    assert not t.requirement("SEC.CONFIDENTIALITY").also_reads


_MISSING = object()


@pytest.mark.parametrize(
    ("index", "key", "value", "message"),
    [
        (4, "duty", "forbid", r"requirements\[4\]\.duty: 'forbid' is none of act, ban"),
        (4, "duty", _MISSING, r"requirements\[4\]: missing field 'duty'"),
        (2, "duty_is_a_place", "yes", r"requirements\[2\]\.duty_is_a_place: must be bool"),
        (2, "covers_the_whole_work", 1, r"requirements\[2\]\.covers_the_whole_work: must be bool"),
        (2, "duty_timing", "sometimes", r"requirements\[2\]\.duty_timing: 'sometimes' is neither"),
        (
            2,
            "recorded_by",
            "SEC.NO_SUCH_THING",
            r"requirements\[2\]\.recorded_by: 'SEC.NO_SUCH_THING'",
        ),
        (2, "done_at_the_end", 1, r"requirements\[2\]\.done_at_the_end: must be bool"),
        (2, "also_reads", ["colour"], r"requirements\[2\]\.also_reads: 'colour' is no slot"),
        (2, "also_reads", ["actor"], r"requirements\[2\]\.also_reads: 'actor' is no slot, or one"),
    ],
)
def test_bad_duty_fields_are_refused(index, key, value, message):
    data = _raw()
    if value is _MISSING:
        del data["requirements"][index][key]
    else:
        data["requirements"][index][key] = value
    with pytest.raises(TaxonomyError, match=message):
        _parse(data)
