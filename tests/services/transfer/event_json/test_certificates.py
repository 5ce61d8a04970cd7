"""Event JSON version 3: certificates go from one laptop to another and stay verifiable.

The demo event, judged and confirmed, with certificate artwork (a logo and a signature
image), a name override, every certificate issued, one corrected, one revoked and some
reprinted, is built once per module and exported; the tests import that file elsewhere.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from awards_app.core.codes import format_code, new_code
from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import (
    Certificate,
    CertificateLog,
    CertificateSettings,
    Event,
    Nomination,
    Score,
)
from awards_app.services import certificates
from awards_app.services.transfer.event_json import reader as event_import
from awards_app.services.transfer import exports
from awards_app.services import nominations
from awards_app.services.certificates.settings import CertificateSettings as Settings
from tests.factories import award_demo, json_round_trip

STORED_MODELS = (Event, Nomination, Score, Certificate, CertificateLog, CertificateSettings)
OVERRIDE = ("Sam O.", "She asked for her initial only on anything framed")


def _png(colour: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _state(database: Database, event_id: int) -> dict[str, Any]:
    """What a person can see of the event's certificates, keyed by code or ref, never id."""
    with database.read_session() as s:
        codes = list(s.scalars(select(Certificate.code).where(Certificate.event_id == event_id)))
        rows = certificates.recipients(s, event_id)
        return {
            "verify": {code: certificates.verify(s, code) for code in codes},
            "logs": {code: certificates.certificate_log(s, event_id, code=code)
                     for code in codes},
            # A print run logs all its certificates at one moment: the order must carry too.
            "event_log": certificates.certificate_log(s, event_id),
            "recipients": {r.ref: {k: v for k, v in vars(r).items() if k != "nomination_id"
                                   and k != "category_id"} for r in rows},
            "names": {r.ref: certificates.name_choice(s, r.nomination_id) for r in rows},
            "settings": certificates.get_settings(s, event_id),
            "live": [r.ref for r in rows if r.status == "issued"],
        }


def _reprint(database: Database, event_id: int, refs: list[str]) -> tuple[list[Any], Any]:
    with database.session() as s:
        ids = [nominations.get_by_ref(s, event_id, ref).id for ref in refs]
        return certificates.specs_for(s, event_id, ids)


@pytest.fixture(scope="module")
def certified(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("certified-event")
    database = open_database(folder / "certified.sqlite3")
    try:
        event_id = award_demo(database)
        with database.session() as s:
            certificates.save_settings(s, event_id, Settings(
                border_style="ribbon", accent_colour="#2a7f62",
                council_logo=_png("navy", (24, 12)),
                verify_template="https://example.org/verify/{code}",
                signature1_name="Jo Director", signature1_role="Director of Children's Services",
                signature1_image=_png("black", (30, 10))))
            everyone = certificates.recipients(s, event_id)
            ids = [r.nomination_id for r in everyone]
            certificates.set_name_override(s, ids[3], *OVERRIDE)
            issued = certificates.issue(s, event_id, ids)
        with database.session() as s:
            corrected = certificates.correct(s, issued[0].code, reason="Name misspelt")
            certificates.revoke(s, issued[1].code_display, "Issued by mistake")
            unprinted = certificates.correct(s, issued[8].code, reason="Citation updated")
            certificates.issue(s, event_id, ids[2:7])
        with database.session() as s:
            certificates.issue(s, event_id, [ids[0], ids[2]])
        path = folder / "certified.json"
        with database.session() as s:
            exports.export_event(s, event_id=event_id, path=path)
        before = _state(database, event_id)
        reprinted = _reprint(database, event_id, before["live"])
    finally:
        database.close()
    return {"path": path, "state": before, "reprinted": reprinted, "corrected": corrected,
            "revoked": issued[1].code_display, "unprinted": unprinted, "count": len(ids)}


@pytest.fixture
def fresh(tmp_path: Path) -> Any:
    database = open_database(tmp_path / "office.sqlite3")
    yield database
    database.close()


def test_the_export_carries_every_certificate(certified: dict[str, Any]) -> None:
    document = _document(certified["path"])
    assert document["version"] == 4
    settings = document["certificate_settings"]
    assert settings["accent_colour"] == "#2A7F62" and settings["background_image"] is None
    assert base64.b64decode(settings["council_logo"]).startswith(b"\x89PNG")
    assert settings["signature1_name"] == "Jo Director"
    overridden = [n for n in document["nominations"] if n["certificate_name_override"]]
    assert [(n["certificate_name_override"], n["certificate_name_reason"])
            for n in overridden] == [OVERRIDE]
    certs = document["certificates"]
    assert len(certs) == certified["count"] + 2  # two corrected: old and new
    assert certs == sorted(certs, key=lambda c: (c["issued_at"], c["code"]))
    by_code = {c["code"]: c for c in certs}
    revoked = by_code[certified["revoked"]]
    assert revoked["revoked_reason"] == "Issued by mistake" and revoked["replaced_by"] is None
    assert [e["action"] for e in revoked["log"]] == ["issue", "revoke"]
    old = next(c for c in certs if c["replaced_by"] == certified["corrected"])
    assert old["log"][-1]["detail"] == f"replaced by {certified['corrected']}"
    assert old["revoked_at"] and [e["action"] for e in old["log"]] == ["issue", "correct"]
    assert [e["action"] for e in by_code[certified["corrected"]]["log"]] == ["issue", "print"]
    assert {c["print_count"] for c in certs} == {0, 1, 2, 3}
    unprinted = by_code[certified["unprinted"]]
    assert (unprinted["print_count"], unprinted["last_printed_at"]) == (0, None)
    assert all(c["verification_text"] == f"https://example.org/verify/{c['code']}"
               for c in certs)
    assert all(c["qr_mask"] in range(8) for c in certs)
    assert any(c["recipient_name"] == OVERRIDE[0] for c in certs)
    text = json.dumps(certs)  # natural keys only
    assert "_id" not in text and '"id"' not in text


def test_round_trip_keeps_every_certificate_verifiable(
    certified: dict[str, Any], fresh: Database, tmp_path: Path,
) -> None:
    first, second, imported_id = json_round_trip(certified["path"], fresh, tmp_path)
    for key in first:
        assert second[key] == first[key], key
    assert second == first
    before, after = certified["state"], _state(fresh, imported_id)
    assert set(after["verify"]) == set(before["verify"])
    for key in ("verify", "logs", "event_log", "recipients", "names", "settings", "live"):
        assert after[key] == before[key], key
    statuses = {v.status for v in after["verify"].values()}
    assert statuses == {"genuine", "revoked"}
    # Reprinting on the other laptop prints the same frozen fields, code and QR mask.
    specs, artwork = _reprint(fresh, imported_id, before["live"])
    assert (specs, artwork) == certified["reprinted"]
    assert {s.code_display for s in specs} == {
        r["code"] for r in before["recipients"].values() if r["status"] == "issued"}


def test_a_version_2_file_still_imports(certified: dict[str, Any], fresh: Database,
                                        tmp_path: Path) -> None:
    document = _document(certified["path"])
    document["version"] = 2
    del document["certificate_settings"], document["certificates"]
    for n in document["nominations"]:
        del n["certificate_name_override"], n["certificate_name_reason"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    with fresh.session() as s:
        event_id = event_import.import_event(s, path=older).id
    again = tmp_path / "now.json"
    with fresh.session() as s:
        exports.export_event(s, event_id=event_id, path=again)
        assert {r.status for r in certificates.recipients(s, event_id)} == {"not issued"}
    now = _document(again)
    assert now["version"] == 4
    assert now["certificate_settings"] is None and now["certificates"] == []
    assert {(n["certificate_name_override"], n["certificate_name_reason"])
            for n in now["nominations"]} == {("", "")}
    assert now["judging"] == document["judging"]


# --- validation ----------------------------------------------------------------------------


def _index(d: dict[str, Any], test: Callable[[dict[str, Any]], bool]) -> int:
    return next(i for i, c in enumerate(d["certificates"]) if test(c))


def _live(c: dict[str, Any]) -> bool:
    return c["revoked_at"] is None


def _malformed_code(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][3]["code"] = "XYZ"
    return "certificates[3].code", "'XYZ' is not a valid certificate code"


def _code_with_a_wrong_check(d: dict[str, Any]) -> tuple[str, str]:
    code = d["certificates"][2]["code"]
    d["certificates"][2]["code"] = code[:-1] + ("A" if code[-1] != "A" else "B")
    return "certificates[2].code", "is not a valid certificate code"


def _repeated_code(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][4]["code"] = d["certificates"][1]["code"]
    return "certificates[4].code", "repeats certificates[1]"


def _unknown_nomination(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["nomination"] = "N-9999"
    return "certificates[0].nomination", "'N-9999' is not a nomination ref in this file"


def _two_live_certificates(d: dict[str, Any]) -> tuple[str, str]:
    first = _index(d, _live)
    second = next(i for i, c in enumerate(d["certificates"]) if i > first and _live(c))
    d["certificates"][second]["nomination"] = d["certificates"][first]["nomination"]
    return f"certificates[{second}].nomination", (
        f"already has an unrevoked certificate at certificates[{first}]")


def _replaced_by_unknown_code(d: dict[str, Any]) -> tuple[str, str]:
    i = _index(d, lambda c: c["replaced_by"] is not None)
    d["certificates"][i]["replaced_by"] = stranger = format_code(new_code())
    return f"certificates[{i}].replaced_by", f"'{stranger}' is not a certificate code in this"


def _replaced_by_malformed(d: dict[str, Any]) -> tuple[str, str]:
    i = _index(d, lambda c: c["replaced_by"] is not None)
    d["certificates"][i]["replaced_by"] = "soon"
    return f"certificates[{i}].replaced_by", "'soon' is not a valid certificate code"


def _replaced_but_live(d: dict[str, Any]) -> tuple[str, str]:
    i = _index(d, _live)
    d["certificates"][i]["replaced_by"] = d["certificates"][i - 1 if i else i + 1]["code"]
    return f"certificates[{i}].revoked_at", "a replaced certificate is revoked"


def _bad_issue_time(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][1]["issued_at"] = "yesterday"
    return "certificates[1].issued_at", "'yesterday' is not a date and time"


def _bad_revocation_time(d: dict[str, Any]) -> tuple[str, str]:
    i = _index(d, lambda c: not _live(c))
    d["certificates"][i]["revoked_at"] = "31/02/2027"
    return f"certificates[{i}].revoked_at", "'31/02/2027' is not a date and time"


def _unknown_log_time(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["log"][0]["at"] = "yesterday"
    return "certificates[0].log[0].at", "'yesterday' is not a date and time"


def _bad_log_time(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["log"][0]["at"] = 20270319
    return "certificates[0].log[0].at", "must be a date and time"


def _log_out_of_order(d: dict[str, Any]) -> tuple[str, str]:
    i = _index(d, lambda c: len(c["log"]) > 1)
    d["certificates"][i]["log"].reverse()
    return f"certificates[{i}].log[1].at", "is earlier than the entry before it"


def _repeated_log_place(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][3]["log"][0]["seq"] = d["certificates"][1]["log"][0]["seq"]
    return "certificates[3].log[0].seq", "repeats certificates[1].log[0]"


def _log_without_place(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["log"][0]["seq"] = None
    return "certificates[0].log[0].seq", "must be a whole number"


def _unknown_log_action(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["log"][0]["action"] = "laminate"
    return "certificates[0].log[0].action", "'laminate' is not one of issue, print, reprint"


def _log_not_a_list(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["log"] = {"issue": "today"}
    return "certificates[0].log", "must be a list"


def _unknown_design(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["design"] = "gold"
    return "certificates[0].design", "'gold' is not one of winner, placed, achievement"


def _unknown_placement(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["placement"] = "champion"
    return "certificates[0].placement", "'champion' is not one of winner, runner_up"


def _qr_mask_out_of_range(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["qr_mask"] = 8
    return "certificates[0].qr_mask", "must be at most 7, not 8"


def _negative_print_count(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["print_count"] = -1
    return "certificates[0].print_count", "must be at least 0"


def _verification_text_without_the_code(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["verification_text"] = "https://example.org/verify/"
    return "certificates[0].verification_text", "does not hold the certificate's code"


def _recipient_not_text(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][0]["recipient_name"] = None
    return "certificates[0].recipient_name", "must be text"


def _certificate_not_an_object(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"][2] = d["certificates"][2]["code"]
    return "certificates[2]", "must be an object"


def _certificates_not_a_list(d: dict[str, Any]) -> tuple[str, str]:
    d["certificates"] = {"first": d["certificates"][0]}
    return "certificates", "must be a list"


def _bad_accent_colour(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"]["accent_colour"] = "teal"
    return "certificate_settings.accent_colour", "use a colour like #1F5C99"


def _bad_border_style(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"]["border_style"] = "glitter"
    return "certificate_settings.border_style", "choose classic, ribbon, minimal"


def _logo_not_base64(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"]["council_logo"] = "not base64!"
    return "certificate_settings.council_logo", "is not base64 image data"


def _logo_not_an_image(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"]["council_logo"] = base64.b64encode(b"GIF89a...").decode()
    return "certificate_settings.council_logo", "is not a PNG or JPEG image"


def _signature_image_without_a_name(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"]["signature1_name"] = ""
    return "certificate_settings.signature1_name", "give the name of the person signing"


def _unknown_setting(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"]["font"] = "Comic Sans"
    return "certificate_settings.font", "is not a certificate setting"


def _settings_not_an_object(d: dict[str, Any]) -> tuple[str, str]:
    d["certificate_settings"] = "classic"
    return "certificate_settings", "must be an object, or null"


def _override_without_reason(d: dict[str, Any]) -> tuple[str, str]:
    i = next(i for i, n in enumerate(d["nominations"]) if n["certificate_name_override"])
    d["nominations"][i]["certificate_name_reason"] = " "
    return f"nominations[{i}].certificate_name_reason", "say why"


def _override_without_letters(d: dict[str, Any]) -> tuple[str, str]:
    d["nominations"][0].update(certificate_name_override="1234", certificate_name_reason="x")
    return "nominations[0].certificate_name_override", "has no letters in it"


CORRUPTIONS = [
    _malformed_code, _code_with_a_wrong_check, _repeated_code, _unknown_nomination,
    _two_live_certificates, _replaced_by_unknown_code, _replaced_by_malformed,
    _replaced_but_live, _bad_issue_time, _bad_revocation_time, _bad_log_time,
    _log_out_of_order, _repeated_log_place, _log_without_place, _unknown_log_action,
    _log_not_a_list, _unknown_design, _unknown_placement, _qr_mask_out_of_range,
    _negative_print_count, _verification_text_without_the_code, _recipient_not_text,
    _certificate_not_an_object, _certificates_not_a_list, _bad_accent_colour,
    _bad_border_style, _logo_not_base64, _logo_not_an_image, _signature_image_without_a_name,
    _unknown_setting, _settings_not_an_object, _override_without_reason,
    _override_without_letters,
]


def _import(database: Database, document: dict[str, Any], path: Path) -> ValidationError:
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError) as info, database.session() as s:
        event_import.import_event(s, path=path)
    return info.value


def _assert_nothing_stored(database: Database) -> None:
    with database.read_session() as s:
        for model in STORED_MODELS:
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__


@pytest.mark.parametrize("corrupt", CORRUPTIONS)
def test_bad_certificate_data_is_refused_and_nothing_is_stored(
    certified: dict[str, Any], fresh: Database, tmp_path: Path,
    corrupt: Callable[[dict[str, Any]], tuple[str, str]],
) -> None:
    document = _document(certified["path"])
    field, message = corrupt(document)
    error = _import(fresh, document, tmp_path / "bad.json")
    assert error.source == "bad.json"
    problems = {e.field: e.message for e in error.errors}
    assert field in problems, problems
    assert message in problems[field]
    _assert_nothing_stored(fresh)


def test_every_problem_is_reported_at_once(certified: dict[str, Any], fresh: Database,
                                           tmp_path: Path) -> None:
    document = _document(certified["path"])
    document["judging"]["placements"][0]["placement"] = "champion"
    # (a value of the wrong type, such as _bad_log_time's number, is refused before the
    # parts are read, with every other such value: see test_malformed_corpus.py)
    fields = {corrupt(document)[0] for corrupt in (
        _malformed_code, _unknown_nomination, _unknown_log_time, _bad_accent_colour)}
    error = _import(fresh, document, tmp_path / "bad.json")
    assert fields | {"judging.placements[0].placement"} <= error.fields
    _assert_nothing_stored(fresh)


def test_codes_already_in_this_database_are_refused(certified: dict[str, Any],
                                                    fresh: Database, tmp_path: Path) -> None:
    with fresh.session() as s:
        event_import.import_event(s, path=certified["path"])
    with fresh.read_session() as s:
        stored = s.scalar(select(func.count()).select_from(Certificate))
    document = _document(certified["path"])
    document["event"]["name"] = "The Same Awards, Renamed"
    error = _import(fresh, document, tmp_path / "again.json")
    code = document["certificates"][0]["code"]
    assert error.errors[0].field == "certificates[0].code"
    assert error.errors[0].message.startswith(f"{code} is already on a certificate in this "
                                              "database")
    assert len(error.errors) == len(document["certificates"])
    with fresh.read_session() as s:  # the second import left nothing behind
        assert s.scalar(select(func.count()).select_from(Event)) == 1
        assert s.scalar(select(func.count()).select_from(Certificate)) == stored
