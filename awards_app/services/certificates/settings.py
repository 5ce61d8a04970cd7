"""Per-event certificate settings: page, border, colour, images, signatures, QR text template."""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, fields, replace
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from awards_app.core.codes import SAMPLE_CODE, normalise_code, verification_text
from awards_app.core.editing import person_edits
from awards_app.core.validation import Checker
from awards_app.db.models import CertificateSettings as SettingsRow
from awards_app.db.models import Event
from awards_app.services.common import audit, ensure_current, get, write_changes

if TYPE_CHECKING:
    from awards_app.pdf.certificate import Artwork

PAGE_SIZES = ("A4", "Letter")
BORDER_STYLES = ("classic", "ribbon", "minimal")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FIELDS = ("background_image", "council_logo", "signature1_image", "signature2_image")
_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6})$")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


@dataclass(frozen=True)
class CertificateSettings:
    """What every certificate of an event looks like. A signature shows when its name is set;
    ``verify_template`` is what the QR holds, ``{code}`` standing for the code (empty: the
    code alone)."""

    page_size: str = "A4"
    border_style: str = "classic"
    accent_colour: str = "#1F5C99"
    background_image: bytes | None = None
    council_logo: bytes | None = None
    verify_template: str = "{code}"
    signature1_name: str = ""
    signature1_role: str = ""
    signature1_image: bytes | None = None
    signature2_name: str = ""
    signature2_role: str = ""
    signature2_image: bytes | None = None

    def __repr__(self) -> str:  # images are large: show their sizes only
        shown = {k: (f"<{len(v):,} bytes>" if isinstance(v, bytes) else v)
                 for k, v in asdict(self).items()}
        return f"CertificateSettings({shown})"


SETTINGS_FIELDS = tuple(f.name for f in fields(CertificateSettings))
#: the settings as a person knows them (naming what someone else changed)
SETTINGS_LABELS = {
    "page_size": "paper size",
    "border_style": "border",
    "accent_colour": "accent colour",
    "background_image": "background image",
    "council_logo": "council logo",
    "verify_template": "what the QR code holds",
    "signature1_name": "first signature's name",
    "signature1_role": "first signature's role",
    "signature1_image": "first signature image",
    "signature2_name": "second signature's name",
    "signature2_role": "second signature's role",
    "signature2_image": "second signature image",
}


@dataclass(frozen=True)
class SettingsForm:
    """The event's settings as the design editor loads them, with their version (0 while
    none were saved: the defaults)."""

    settings: CertificateSettings
    version: int

    @property
    def original(self) -> dict[str, Any]:
        """The settings as loaded, as ``save_settings`` compares them."""
        return asdict(self.settings)


def image_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be used as a certificate image, or None when it can: PNG or JPEG,
    at most 5 MB, and readable to the end."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"is {len(data) // 1024:,} KB; the most allowed is 5 MB"
    if not data.startswith(_IMAGE_MAGIC):
        return "is not a PNG or JPEG image"
    # Pillow loads only when an image is checked (start-up time)
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # Pillow raises many kinds for damaged files; all mean "unreadable"
        return "could not be read as an image; it may be damaged — save it again as PNG or JPEG"
    return None


def clean_settings(settings: CertificateSettings) -> CertificateSettings:
    """Checked and tidied settings; raises ValidationError naming every bad field."""
    c = Checker()
    page_size = next((p for p in PAGE_SIZES if p.lower() == settings.page_size.strip().lower()),
                     None)
    if page_size is None:
        c.add("page_size", f"choose {' or '.join(PAGE_SIZES)}")
    border = settings.border_style.strip().lower()
    if border not in BORDER_STYLES:
        c.add("border_style", f"choose {', '.join(BORDER_STYLES)}")
    colour = _COLOUR.match(settings.accent_colour.strip())
    if colour is None:
        c.add("accent_colour", "use a colour like #1F5C99")
    template = c.text("verify_template", settings.verify_template, max_length=300)
    if "\n" in template or "\t" in template:
        c.add("verify_template", "must be on one line")
    elif template and "{code}" not in template:
        c.add("verify_template", "must contain {code} where the code goes, e.g. "
                                 "https://example.org/verify/{code} (or leave it empty)")
    elif normalise_code(verification_text(template, SAMPLE_CODE)) != SAMPLE_CODE:
        c.add("verify_template", "the code could not be read back from this text; put {code} "
                                 "at the end or after a '/'")
    images: dict[str, bytes | None] = {}
    for name in IMAGE_FIELDS:
        data = getattr(settings, name)
        images[name] = data or None
        problem = image_problem(data) if data else None
        if problem:
            c.add(name, problem)
    people: dict[str, str] = {}
    for n in (1, 2):
        name = c.name(f"signature{n}_name", getattr(settings, f"signature{n}_name"),
                      required=False)
        role = c.text(f"signature{n}_role", getattr(settings, f"signature{n}_role"),
                      max_length=200)
        if not name and (role or images[f"signature{n}_image"]):
            c.add(f"signature{n}_name", "give the name of the person signing, or clear the "
                                        "role and signature image")
        people[f"signature{n}_name"], people[f"signature{n}_role"] = name, " ".join(role.split())
    c.check()
    assert page_size is not None and colour is not None
    values: dict[str, Any] = {**images, **people}
    return replace(settings, page_size=page_size, border_style=border,
                   accent_colour=f"#{colour.group(1).upper()}", verify_template=template,
                   **values)


def get_settings(session: Session, event_id: int) -> CertificateSettings:
    """The event's settings, or the defaults when none were saved."""
    get(session, Event, event_id, "event")
    row = session.get(SettingsRow, event_id)
    if row is None:
        return CertificateSettings()
    return CertificateSettings(**{name: getattr(row, name) for name in SETTINGS_FIELDS})


def settings_form(session: Session, event_id: int) -> SettingsForm:
    """The event's settings and their version, as the design editor (re)loads them."""
    row = session.get(SettingsRow, event_id)
    return SettingsForm(get_settings(session, event_id), row.version if row is not None else 0)


def save_settings(
    session: Session, event_id: int, settings: CertificateSettings, *,
    expected_version: int | None = None, original: Mapping[str, Any] | None = None,
) -> CertificateSettings:
    """Check and store the event's settings; returns them as stored. An editor passes the
    ``expected_version`` and ``original`` (``SettingsForm``) it loaded: a stale copy is
    refused (StaleEditError) and only the settings the person changed are written."""
    get(session, Event, event_id, "event")
    row = session.get(SettingsRow, event_id)
    if row is not None:
        ensure_current(session, row, entity="certificate_settings", entity_id=event_id,
                       labels=SETTINGS_LABELS, expected_version=expected_version,
                       original=original)
    stored = get_settings(session, event_id)
    edits = person_edits(asdict(settings), original)
    cleaned = clean_settings(replace(stored, **edits))
    values: dict[str, Any] = asdict(cleaned)
    if row is None:
        row = SettingsRow(event_id=event_id, **values)
        session.add(row)
        changed = [name for name in SETTINGS_FIELDS if values[name] != getattr(stored, name)]
    else:
        changed = write_changes(row, values)
    if changed:
        audit(session, "update", "certificate_settings", event_id, event_id=event_id,
              summary=", ".join(changed))
    return cleaned


def artwork_from(settings: CertificateSettings) -> Artwork:
    """The renderer's view of the settings (signatures without a name are left out)."""
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.certificate import Artwork, Signature

    signatures = tuple(
        Signature(name=getattr(settings, f"signature{n}_name"),
                  role=getattr(settings, f"signature{n}_role"),
                  image=getattr(settings, f"signature{n}_image"))
        for n in (1, 2) if getattr(settings, f"signature{n}_name").strip()
    )
    return Artwork(page_size=settings.page_size, border_style=settings.border_style,
                   accent_colour=settings.accent_colour,
                   background_image=settings.background_image,
                   council_logo=settings.council_logo, signatures=signatures)
