"""Lay out mentoring agreements: one section per pair, each starting on a new page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mentordesk.documents import agreement_text
from mentordesk.documents.agreement_text import Block, BlockKind
from mentordesk.documents.document_pairs import GoalLine, PairFacts
from mentordesk.documents.layout import (
    INK,
    PageSetup,
    Section,
    SectionStart,
    Styles,
    build_pdf,
    long_date,
    para,
    rich,
)
from mentordesk.errors import ValidationError
from mentordesk.models import GoalStatus
from mentordesk.programme.programme_settings import ProgrammeSettings

BLANK = "________________"
_COUNT_WORDS = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}


def meeting_frequency(per_month: int) -> str:
    if per_month <= 0:
        return "as often as we agree with the coordinator"
    return f"{_COUNT_WORDS.get(per_month, f'{per_month} times')} a month"


def meeting_length(minutes: int) -> str:
    if minutes >= 120 and minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


def programme_length(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"


def goal_text(goal: GoalLine) -> str:
    if goal.target_date is not None:
        return f"{goal.title} (by {long_date(goal.target_date)})"
    return goal.title


def safeguarding_lead(settings: ProgrammeSettings) -> str:
    lead = settings.safeguarding_lead or BLANK
    return f"{lead} (phone {settings.safeguarding_phone})" if settings.safeguarding_phone else lead


def missing_settings(settings: ProgrammeSettings) -> list[str]:
    """Programme settings an agreement would print a stand-in for (a blank line, or the
    programme's name in place of the organisation's)."""
    wanted = (
        ("organisation", settings.organisation),
        ("coordinator's name", settings.coordinator_name),
        ("coordinator's contact", settings.coordinator_contact),
        ("safeguarding lead", settings.safeguarding_lead),
        ("safeguarding lead's phone", settings.safeguarding_phone),
    )
    return [label for label, value in wanted if not value.strip()]


def placeholder_values(pair: PairFacts, settings: ProgrammeSettings) -> dict[str, str]:
    goals = [g for g in pair.goals if g.status != GoalStatus.DROPPED]
    return {
        "mentor_name": pair.mentor_name,
        "mentee_name": pair.mentee_name,
        "start_date": long_date(pair.start_date, BLANK),
        "end_date": long_date(pair.planned_end, BLANK),
        "meeting_frequency": meeting_frequency(pair.meetings_per_month),
        "meetings_per_month": str(pair.meetings_per_month),
        "meeting_length": meeting_length(pair.meeting_minutes),
        "programme_length": programme_length(pair.commitment_months),
        "goals": "; ".join(g.title for g in goals) or "the goals we agree at our first meeting",
        "coordinator_name": settings.coordinator_name or "the programme coordinator",
        "coordinator_contact": settings.coordinator_contact or BLANK,
        "safeguarding_lead": safeguarding_lead(settings),
        "programme_name": settings.name,
        "organisation": settings.organisation or settings.name,
    }


def checked_blocks(settings: ProgrammeSettings) -> tuple[list[Block], bool]:
    """The blocks of the text in use, refusing a text with a problem (a text that was never
    validated, e.g. written into the database by another tool)."""
    text = settings.effective_agreement_text
    found = agreement_text.problems(text)
    if found:
        raise ValidationError(
            "The agreement text has a problem, so nothing was printed: "
            + " ".join(found[:3])
            + " Correct it in Programme settings."
        )
    return agreement_text.parse(text), agreement_text.uses_goals(text)


class AgreementBuilder(PageSetup):
    """Turns pairs into flowables; one builder serves a whole batch."""

    def __init__(self, settings: ProgrammeSettings, today: dt.date) -> None:
        super().__init__(settings)
        self.today = today
        self.blocks, self.has_goals_block = checked_blocks(settings)

    def section(self, pair: PairFacts) -> Section:
        footer = (
            f"{self.settings.name} · Mentoring agreement for {pair.title} · "
            f"Agreement text version {self.settings.agreement_version} · "
            f"Printed {long_date(self.today)}"
        )
        return Section(
            key=f"pairing-{pair.id}", header=f"Mentoring agreement: {pair.title}", footer=footer
        )

    def story(self, pair: PairFacts) -> list[Flowable]:
        styles = self.styles
        values = placeholder_values(pair, self.settings)
        flow: list[Flowable] = [
            SectionStart(self.section(pair)),
            para("Mentoring agreement", styles.title),
            self.subtitle(f"{pair.mentee_name} and {pair.mentor_name}"),
            self._facts_table(pair, values),
            Spacer(1, 0.3 * cm),
        ]
        for block in self.blocks:
            if block.kind is BlockKind.GOALS:
                flow.extend(self._goals(pair))
                continue
            text = agreement_text.fill(block.text, values)
            if block.kind is BlockKind.HEADING:
                flow.append(para(text, styles.heading))
            elif block.kind is BlockKind.BULLET:
                flow.append(para(text, styles.bullet, bullet="•"))
            else:
                flow.append(para(text, styles.body))
        if not self.has_goals_block:
            flow.append(para("Our goals", styles.heading))
            flow.extend(self._goals(pair))
        flow.append(CondPageBreak(6 * cm))
        flow.append(self._signatures(pair))
        flow.append(Spacer(1, 0.35 * cm))
        flow.append(
            para(
                f"For the coordinator: pairing {pair.id}; printed {long_date(self.today)}; "
                "returned signed on ____________.",
                styles.small,
            )
        )
        return flow

    def _facts_table(self, pair: PairFacts, values: dict[str, str]) -> Table:
        commitment = (
            f"Meet {values['meeting_frequency']}, about {values['meeting_length']} each time, "
            f"for {values['programme_length']}"
        )
        rows = [
            ("Mentee", pair.mentee_name),
            ("Mentor", pair.mentor_name),
            ("Start date", long_date(pair.start_date, "to be agreed")),
            ("Commitment", commitment),
            ("Coordinator", values["coordinator_name"]),
        ]
        return self.facts_table(rows, 3.2 * cm)

    def _goals(self, pair: PairFacts) -> list[Flowable]:
        styles = self.styles
        goals = [g for g in pair.goals if g.status != GoalStatus.DROPPED]
        if not goals:
            lines: list[Flowable] = [
                para(
                    "We will agree our goals at our first meeting and write them here:", styles.body
                )
            ]
            return lines + [
                Paragraph("_" * 60, styles.bullet, bulletText=f"{n}.") for n in (1, 2, 3)
            ]
        return [para(goal_text(g), styles.bullet, bullet="•") for g in goals]

    def _signatures(self, pair: PairFacts) -> Flowable:
        styles = self.styles
        signers: list[tuple[str, str]] = [
            ("Mentee", pair.mentee_name),
            ("Mentor", pair.mentor_name),
        ]
        if pair.mentee_is_minor:
            relation = f" ({pair.guardian_relationship})" if pair.guardian_relationship else ""
            signers.append(
                ("Parent or guardian", (pair.guardian_name or "Name: " + BLANK) + relation)
            )
        signers.append(("Coordinator", self.settings.coordinator_name or "Name: " + BLANK))
        header: list[Flowable | str] = [
            para("", styles.small),
            para("Signature", styles.small),
            "",
            para("Date", styles.small),
        ]
        rows: list[list[Flowable | str]] = [header]
        for role, name in signers:
            rows.append([_role_cell(role, name, styles), "", "", ""])
        # A narrow empty column keeps the signature and date lines apart.
        widths = [self.width * 0.40, self.width * 0.36, self.width * 0.04, self.width * 0.20]
        table = Table(rows, colWidths=widths, rowHeights=[None] + [1.45 * cm] * len(signers))
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 1), (1, -1), 0.7, INK),
                    ("LINEBELOW", (3, 1), (3, -1), 0.7, INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return KeepTogether([para("Signatures", styles.heading), table])


def _role_cell(role: str, name: str, styles: Styles) -> Paragraph:
    return rich([(role, True), (name, False)], styles.cell)


def render_agreements(
    pairs: Sequence[PairFacts],
    settings: ProgrammeSettings,
    target: Path | BinaryIO,
    *,
    today: dt.date,
    on_pair: Callable[[int], None] | None = None,
    builder: AgreementBuilder | None = None,
) -> int:
    """Write the agreements of `pairs` into one PDF; returns its page count.

    `on_pair(n)` is called as the n-th agreement starts on paper (progress, cancel)."""
    builder = builder or AgreementBuilder(settings, today)
    story: list[Flowable] = []
    for number, pair in enumerate(pairs):
        if number:
            story.append(PageBreak())
        story.extend(builder.story(pair))
    started = 0

    def after(flowable: Flowable) -> None:
        nonlocal started
        if isinstance(flowable, SectionStart):
            started += 1
            if on_pair is not None:
                on_pair(started)

    title = (
        f"Mentoring agreement: {pairs[0].title}"
        if len(pairs) == 1
        else f"Mentoring agreements ({len(pairs)})"
    )
    return build_pdf(
        story,
        target,
        letterhead=builder.letterhead,
        title=title,
        subject=f"{settings.name}: mentoring agreement",
        author=settings.organisation or settings.name,
        after_flowable=after,
    )
