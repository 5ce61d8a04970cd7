"""A category with two sponsors: the certificate carries and prints every sponsor's logo,
side by side in the logo area (issue 13, item 6)."""

from __future__ import annotations

import io

import pypdfium2
from sqlalchemy import select

from awards_app.db.engine import Database
from awards_app.db.models import Sponsor
from awards_app.pdf.certificate import write_certificates
from awards_app.services import certificates
from awards_app.services.catalogue import sponsors
from tests.services.certificates.test_records import award_education_star, png


def images_on_pages(data: bytes) -> list[list[tuple[float, float, float, float]]]:
    """Per page, the bounds of every image drawn (inside forms too)."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [[obj.get_bounds() for obj in page.get_objects(
                    filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=5)]
                for page in pdf]
    finally:
        pdf.close()


def give_logo(db: Database, event_id: int, name: str, logo: bytes) -> None:
    with db.session() as s:
        sponsor_id = s.scalar(select(Sponsor.id).where(Sponsor.event_id == event_id,
                                                       Sponsor.name == name))
        assert sponsor_id is not None
        sponsors.update_sponsor(s, sponsor_id, logo=logo)


def render(db: Database, event_id: int, nomination_id: int) -> bytes:
    with db.session() as s:
        specs, artwork = certificates.specs_for(s, event_id, [nomination_id])
    out = io.BytesIO()
    write_certificates(out, specs, artwork)
    return out.getvalue()


def test_every_sponsor_logo_is_carried_and_printed(db: Database, event_id: int) -> None:
    awarded = award_education_star(db, event_id)  # Acme (no logo) and Bakery (logo)
    amira = awarded.ids["Amira"]
    (one,) = images_on_pages(render(db, event_id, amira))
    assert len(one) == 1

    acme = png("blue", (60, 20))
    give_logo(db, event_id, "Acme", acme)
    with db.session() as s:
        (issued,) = certificates.issue(s, event_id, [amira])
        preview, _artwork = certificates.preview_spec(s, event_id, amira)
    assert issued.sponsor_name == "Acme and Bakery"
    assert issued.sponsor_logos == (acme, awarded.logo)  # in the order the names are printed
    assert issued.sponsor_logo == acme
    assert issued.spec().logos == preview.logos == (acme, awarded.logo)

    (two,) = images_on_pages(render(db, event_id, amira))
    assert len(two) == 2
    (left, bottom, right, top), (left2, bottom2, right2, top2) = sorted(two)
    assert right <= left2  # side by side, not overlapping
    assert abs(bottom - bottom2) < 12 and abs(top - top2) < 12  # on one line
    assert right2 - left <= 150.5  # both inside the one logo area
