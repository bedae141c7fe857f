"""The programme settings every document uses: organisation, logo, dates, coordinator,
safeguarding lead, paper size, commitments and the agreement text."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from mentordesk.documents import agreement_text
from mentordesk.errors import ValidationError
from mentordesk.models import PaperSize, Programme
from mentordesk.store import Database, current_programme
from mentordesk.store.actions import PROGRAMME, Outcome, outcome

# A logo is printed about 4 cm wide: 600 pixels are plenty, and keep every PDF small.
LOGO_MAX_PIXELS = 600
LOGO_MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ProgrammeSettings:
    name: str
    organisation: str
    start_date: dt.date | None
    end_date: dt.date | None
    coordinator_name: str
    coordinator_contact: str
    safeguarding_lead: str
    paper_size: PaperSize
    meetings_per_month: int
    meeting_minutes: int
    commitment_months: int
    # None: the default text shipped with MentorDesk.
    agreement_text: str | None
    agreement_version: int
    logo: bytes | None
    logo_mime: str | None

    @property
    def effective_agreement_text(self) -> str:
        return agreement_text.effective_text(self.agreement_text)

    @property
    def uses_default_text(self) -> bool:
        return self.agreement_text is None


def _from_row(programme: Programme) -> ProgrammeSettings:
    return ProgrammeSettings(
        name=programme.name,
        organisation=programme.organisation,
        start_date=programme.start_date,
        end_date=programme.end_date,
        coordinator_name=programme.coordinator_name,
        coordinator_contact=programme.coordinator_contact,
        safeguarding_lead=programme.safeguarding_lead,
        paper_size=programme.paper_size,
        meetings_per_month=programme.meetings_per_month,
        meeting_minutes=programme.meeting_minutes,
        commitment_months=programme.commitment_months,
        agreement_text=programme.agreement_text,
        agreement_version=programme.agreement_version,
        logo=programme.logo,
        logo_mime=programme.logo_mime,
    )


def _programme(session: Session) -> Programme:
    return current_programme(session)


def load_settings(session: Session) -> ProgrammeSettings:
    return _from_row(_programme(session))


def _check(settings: ProgrammeSettings) -> list[str]:
    found = []
    if not settings.name.strip():
        found.append("The programme needs a name.")
    if (
        settings.start_date is not None
        and settings.end_date is not None
        and settings.end_date < settings.start_date
    ):
        found.append("The programme's end date is before its start date.")
    if not 0 <= settings.meetings_per_month <= 31:
        found.append("Meetings a month must be between 0 and 31.")
    if not 5 <= settings.meeting_minutes <= 600:
        found.append("A meeting must last between 5 and 600 minutes.")
    if not 1 <= settings.commitment_months <= 60:
        found.append("The programme length must be between 1 and 60 months.")
    for label, value in (
        ("programme name", settings.name),
        ("organisation", settings.organisation),
        ("coordinator's name", settings.coordinator_name),
        ("coordinator's contact", settings.coordinator_contact),
        ("safeguarding lead", settings.safeguarding_lead),
    ):
        if len(value) > 200:
            found.append(f"The {label} is too long (at most 200 characters).")
    return found


def save_settings(session: Session, settings: ProgrammeSettings) -> ProgrammeSettings:
    """Write the settings in the caller's transaction and return what was stored.

    The agreement text is validated (unknown placeholders refuse the save) and its version
    goes up by one whenever the text in use changes, so a printed agreement says which
    text it carries.
    """
    found = _check(settings)
    if found:
        raise ValidationError("The programme settings were not saved: " + " ".join(found))
    text = settings.agreement_text
    if text is not None:
        text = agreement_text.validate(text)
        if text == agreement_text.normalise(agreement_text.default_text()):
            text = None  # identical to the shipped text: keep following it
    programme = _programme(session)
    before = agreement_text.normalise(agreement_text.effective_text(programme.agreement_text))
    after = agreement_text.normalise(agreement_text.effective_text(text))
    version = programme.agreement_version
    if before != after:
        version = max(version, settings.agreement_version) + 1
    programme.name = settings.name.strip()
    programme.organisation = settings.organisation.strip()
    programme.start_date = settings.start_date
    programme.end_date = settings.end_date
    programme.coordinator_name = settings.coordinator_name.strip()
    programme.coordinator_contact = settings.coordinator_contact.strip()
    programme.safeguarding_lead = settings.safeguarding_lead.strip()
    programme.paper_size = settings.paper_size
    programme.meetings_per_month = settings.meetings_per_month
    programme.meeting_minutes = settings.meeting_minutes
    programme.commitment_months = settings.commitment_months
    programme.agreement_text = text
    programme.agreement_version = version
    programme.logo = settings.logo
    programme.logo_mime = settings.logo_mime if settings.logo is not None else None
    session.flush()
    return _from_row(programme)


def restore_settings(session: Session, settings: ProgrammeSettings) -> ProgrammeSettings:
    """Put back settings exactly as they were (undo), version number included."""
    stored = save_settings(session, settings)
    programme = _programme(session)
    programme.agreement_version = settings.agreement_version
    session.flush()
    return replace(stored, agreement_version=settings.agreement_version)


def prepare_logo(data: bytes, source: str = "the image") -> tuple[bytes, str]:
    """Check that `data` is an image and make it small enough to print on every page.

    Returns (bytes, mime type): PNG for images with transparency, JPEG otherwise.
    """
    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_FILE_BYTES:
        raise ValidationError(f"{source} is larger than 20 MB; choose a smaller logo image.")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(
            f"{source} is not an image MentorDesk can read (PNG, JPEG, GIF, BMP or TIFF)."
        ) from exc
    if image.width < 1 or image.height < 1:
        raise ValidationError(f"{source} is empty.")
    image.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png"
    image.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue(), "image/jpeg"


def read_settings(db: Database) -> ProgrammeSettings:
    with db.reading() as session:
        return load_settings(session)


@dataclass(frozen=True)
class SaveProgrammeSettings:
    """Change the programme's settings; `result`: what was stored (with the agreement
    text's new version, if it changed)."""

    settings: ProgrammeSettings

    def apply(self, session: Session) -> Outcome:
        before = load_settings(session)
        stored = save_settings(session, self.settings)
        return outcome(RestoreProgrammeSettings(before), (PROGRAMME,), result=stored)


@dataclass(frozen=True)
class RestoreProgrammeSettings:
    """Put settings back exactly as they were, version number included."""

    settings: ProgrammeSettings

    def apply(self, session: Session) -> Outcome:
        before = load_settings(session)
        stored = restore_settings(session, self.settings)
        return outcome(RestoreProgrammeSettings(before), (PROGRAMME,), result=stored)
