"""Certificate settings: checked field by field, images proven readable, stored per event."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database
from awards_app.services import certificates
from awards_app.services.certificates.settings import (
    CertificateSettings,
    artwork_from,
    clean_settings,
    image_problem,
)


def image(kind: str, size: tuple[int, int] = (30, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, kind)
    return out.getvalue()


def problems(settings: CertificateSettings) -> dict[str, str]:
    with pytest.raises(ValidationError) as bad:
        clean_settings(settings)
    return {e.field: e.message for e in bad.value.errors}


def test_defaults_until_saved_then_stored_per_event(db: Database, event_id: int) -> None:
    with db.read_session() as s:
        assert certificates.get_settings(s, event_id) == CertificateSettings()
    chosen = CertificateSettings(
        page_size="letter", border_style="Ribbon", accent_colour="1f5c99",
        council_logo=image("PNG"), background_image=image("JPEG", (300, 200)),
        verify_template=" https://example.org/verify/{code} ",
        signature1_name="  Jo   Bloggs ", signature1_role="Director of Children's Services",
        signature1_image=image("PNG"), signature2_name="", signature2_role="")
    with db.session() as s:
        saved = certificates.save_settings(s, event_id, chosen)
    assert (saved.page_size, saved.border_style, saved.accent_colour) == (
        "Letter", "ribbon", "#1F5C99")
    assert saved.verify_template == "https://example.org/verify/{code}"
    assert saved.signature1_name == "Jo Bloggs"
    with db.read_session() as s:
        assert certificates.get_settings(s, event_id) == saved
    artwork = artwork_from(saved)
    assert artwork.page_size == "Letter" and artwork.accent_colour == "#1F5C99"
    assert [(sig.name, sig.role) for sig in artwork.signatures] == [
        ("Jo Bloggs", "Director of Children's Services")]
    assert artwork.council_logo == chosen.council_logo
    with db.session() as s:  # saving again replaces, not duplicates
        certificates.save_settings(s, event_id, replace(saved, council_logo=None))
    with db.read_session() as s:
        assert certificates.get_settings(s, event_id).council_logo is None
    assert "bytes>" in repr(saved) and len(repr(saved)) < 600


def test_every_bad_field_is_named() -> None:
    found = problems(CertificateSettings(
        page_size="A3", border_style="wavy", accent_colour="blue",
        verify_template="https://example.org/verify", signature2_role="Mayor"))
    assert found == {
        "page_size": "choose A4 or Letter",
        "border_style": "choose classic, ribbon, minimal",
        "accent_colour": "use a colour like #1F5C99",
        "verify_template": found["verify_template"],
        "signature2_name": found["signature2_name"],
    }
    assert "{code}" in found["verify_template"]
    assert "name of the person signing" in found["signature2_name"]


@pytest.mark.parametrize("template", ["", "{code}", "https://example.org/verify/{code}",
                                      "https://example.org/v?code={code}&lang=en",
                                      "https://example.org/verify/{code}.html"])
def test_templates_the_code_can_be_read_back_from(template: str) -> None:
    assert clean_settings(CertificateSettings(verify_template=template)).verify_template == (
        template)


@pytest.mark.parametrize(("template", "message"), [
    ("https://example.org/{CODE}", "must contain {code}"),
    ("{code}MORELETTERSAFTERWARDS", "could not be read back"),
    ("https://example.org/\n{code}", "one line"),
    ("https://example.org/" + "x" * 300 + "{code}", "most allowed is 300"),
])
def test_templates_that_would_not_verify(template: str, message: str) -> None:
    assert message in problems(CertificateSettings(verify_template=template))["verify_template"]


def test_images_must_be_png_or_jpeg_readable_and_at_most_5_mb() -> None:
    assert image_problem(image("PNG")) is None
    assert image_problem(image("JPEG")) is None
    assert image_problem(image("GIF")) == "is not a PNG or JPEG image"
    assert image_problem(b"<svg xmlns='http://www.w3.org/2000/svg'/>") == (
        "is not a PNG or JPEG image")
    damaged = image("PNG", (200, 200))
    assert "could not be read" in (image_problem(damaged[: len(damaged) // 2]) or "")
    assert "could not be read" in (image_problem(b"\x89PNG\r\n\x1a\n" + b"\0" * 100) or "")
    huge = b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024)
    assert "most allowed is 5 MB" in (image_problem(huge) or "")
    found = problems(CertificateSettings(council_logo=image("GIF"),
                                         signature1_name="Jo", signature1_image=b"\xff\xd8\xffjunk"))
    assert set(found) == {"council_logo", "signature1_image"}


def test_saving_bad_settings_stores_nothing(db: Database, event_id: int) -> None:
    with pytest.raises(ValidationError), db.session() as s:
        certificates.save_settings(s, event_id, CertificateSettings(accent_colour="#12345"))
    with db.read_session() as s:
        assert certificates.get_settings(s, event_id) == CertificateSettings()
