"""Lay out progress reports: one pairing's, or the whole programme's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mentordesk.documents.agreement_pdf import meeting_frequency, meeting_length, programme_length
from mentordesk.documents.document_pairs import GoalLine
from mentordesk.documents.fonts import SANS_BOLD
from mentordesk.documents.layout import (
    ACCENT,
    RULE,
    SHADE,
    PageSetup,
    Section,
    SectionStart,
    build_pdf,
    long_date,
    para,
    short_date,
)
from mentordesk.documents.report_charts import (
    meeting_timeline,
    meetings_per_month_chart,
    progress_bar,
    satisfaction_chart,
)
from mentordesk.documents.report_data import PairingReport, ProgrammeReport
from mentordesk.documents.report_periods import Period
from mentordesk.models import GoalStatus, PairingStatus, ParticipantStatus, Role
from mentordesk.monitoring.flags import FlagKind
from mentordesk.programme.programme_settings import ProgrammeSettings

INTERNAL_MARK = "internal — contains names"


def period_text(period: Period, today: dt.date) -> str:
    until = period.until(today)
    so_far = " (so far)" if until < period.end else ""
    return f"{period.label}: {long_date(period.start)} to {long_date(until)}{so_far}"


def hours(value: float) -> str:
    """Hours of mentoring, rounded the same way everywhere: to a tenth."""
    return f"{value:.1f}"


def goal_status(goal: GoalLine, today: dt.date) -> str:
    """The goal's status; an open goal past its target date reads "Overdue"."""
    open_goal = goal.status in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)
    if open_goal and goal.target_date is not None and goal.target_date < today:
        return "Overdue"
    return goal.status.label


def _percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


class ReportBuilder(PageSetup):
    # --- building blocks ------------------------------------------------------------
    def facts(self, rows: Sequence[tuple[str, str]]) -> Table:
        return self.facts_table(rows, 4.2 * cm)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str | Flowable]],
        widths: Sequence[float],
        *,
        right_from: int | None = None,
    ) -> Table:
        """A table with a header row; columns from `right_from` on are numbers."""
        styles = self.styles

        def cell(value: str | Flowable, column: int) -> Flowable:
            if not isinstance(value, str):
                return value
            numeric = right_from is not None and column >= right_from
            return para(value, styles.cell_right if numeric else styles.cell)

        data: list[list[Flowable]] = [
            [
                para(
                    h,
                    styles.cell_bold if right_from is None or i < right_from else styles.head_right,
                )
                for i, h in enumerate(header)
            ]
        ]
        data += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
        table = Table(data, colWidths=[w * self.width for w in widths], repeatRows=1, hAlign="LEFT")
        table.spaceAfter = 6
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def key_figures(self, figures: Sequence[tuple[str, str]]) -> Table:
        styles = self.styles
        big = Paragraph  # numbers are digits only: no fallback font needed
        cells = [
            [
                big(
                    f'<font face="{SANS_BOLD}" size="17" color="#1f5f8b">{value}</font>',
                    styles.cell,
                ),
                para(label, styles.small),
            ]
            for label, value in figures
        ]
        row = [Table([[c[0]], [c[1]]], colWidths=[self.width / len(figures) - 8]) for c in cells]
        table = Table([row], colWidths=[self.width / len(figures)] * len(figures))
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("LINEAFTER", (0, 0), (-2, -1), 0.5, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def heading(self, text: str) -> Paragraph:
        return para(text, self.styles.heading)

    def note(self, text: str) -> Paragraph:
        return para(text, self.styles.small)

    # --- one pairing -----------------------------------------------------------------
    def pairing_story(self, report: PairingReport) -> list[Flowable]:
        pair, styles, today = report.pair, self.styles, report.today
        confidential = "Confidential: contains personal data" + (
            " and notes" if report.include_notes else ""
        )
        section = Section(
            key=f"report-{pair.id}",
            header=f"Progress report: {pair.title}",
            footer=(
                f"{self.settings.name} · Progress report for {pair.title} · "
                f"Printed {long_date(today)} · {confidential}"
            ),
        )
        flow: list[Flowable] = [
            SectionStart(section),
            para("Progress report", styles.title),
            self.subtitle(f"{pair.mentee_name} and {pair.mentor_name}"),
            para(period_text(report.period, today), styles.body),
        ]
        expected = report.expected_meetings
        held = report.meetings_held
        frequency = meeting_frequency(pair.meetings_per_month)
        if report.active_days:
            against = (
                f"{held} held; about {expected:.0f} expected at {frequency} "
                f"({_percent(held, expected)})"
                if pair.meetings_per_month
                else f"{held} held"
            )
        else:
            against = f"{held} held (the pairing was not under way in this period)"
        modes = ", ".join(f"{n} {mode.label.lower()}" for mode, n in report.modes.most_common())
        if report.last_meeting is not None:
            last = (
                f"{long_date(report.last_meeting)} ({(today - report.last_meeting).days} days ago)"
            )
        else:
            last = "No meeting recorded yet"
        agreement = "Not printed yet"
        if pair.agreement_printed_on is not None:
            agreement = f"Printed {long_date(pair.agreement_printed_on)}; " + (
                f"signed {long_date(pair.agreement_signed_on)}"
                if pair.agreement_signed_on
                else "not returned signed yet"
            )
        status = pair.status.label
        if pair.status == PairingStatus.PAUSED and report.paused_on:
            status += f" since {long_date(report.paused_on)}"
        if pair.status == PairingStatus.CLOSED and pair.end_date:
            status += f" on {long_date(pair.end_date)}"
        rows = [
            ("Status", status),
            ("Started", long_date(pair.start_date, "Not started yet")),
            (
                "Commitment",
                f"{frequency.capitalize()}, {meeting_length(pair.meeting_minutes)}, "
                f"for {programme_length(pair.commitment_months)}",
            ),
            ("Agreement", agreement),
            ("Meetings", against),
            (
                "Time together",
                f"{hours(report.hours)} hours"
                + (f" (on average {round(report.hours * 60 / held)} minutes)" if held else ""),
            ),
        ]
        if modes:
            rows.append(("How they met", modes))
        rows.append(("Last meeting", last))
        if pair.status == PairingStatus.CLOSED:
            closure = report.closure_reason or "No reason recorded"
            if report.closure_kind is not None:
                closure += f" ({report.closure_kind.label.lower()}"
                if report.closure_initiator is not None:
                    closure += f", initiated by the {report.closure_initiator.value}"
                closure += ")"
            rows.append(("Closure", closure))
        flow += [self.facts(rows), Spacer(1, 0.2 * cm)]

        start, end = report.period.start, report.period.until(today)
        if pair.start_date and pair.start_date > start and pair.start_date <= end:
            start = pair.start_date - dt.timedelta(days=3)
        flow.append(self.heading("Meetings"))
        if report.meetings:
            flow.append(meeting_timeline(report.meetings, start, end, self.width))
            flow.append(self.note("Each bar is a meeting; its height is how long it lasted."))
        else:
            flow.append(para("No meetings were recorded in this period.", styles.body))

        flow.append(self.heading("Goals"))
        if pair.goals:
            rows_goals: list[list[str | Flowable]] = [
                [
                    g.title,
                    short_date(g.target_date, "–"),
                    goal_status(g, today),
                    progress_bar(g.progress / 100, width=2.6 * cm),
                    f"{g.progress}%",
                ]
                for g in pair.goals
            ]
            flow.append(
                self.grid(
                    ["Goal", "Target", "Status", "Progress", ""],
                    rows_goals,
                    [0.43, 0.14, 0.14, 0.2, 0.09],
                    right_from=4,
                )
            )
        else:
            flow.append(para("No goals have been recorded yet.", styles.body))

        flow.append(self.heading("Check-ins and satisfaction"))
        rated = [c.satisfaction for c in report.check_ins if c.satisfaction is not None]
        if report.check_ins:
            flow.append(satisfaction_chart(report.check_ins, start, end, self.width))
            concerns = [c for c in report.check_ins if c.concern]
            open_concerns = [c for c in concerns if c.concern_resolved_on is None]
            summary = f"{len(report.check_ins)} check-ins in this period"
            if rated:
                summary += f"; average satisfaction {sum(rated) / len(rated):.1f} out of 5"
            if concerns:
                summary += f"; {len(concerns)} concern(s) raised, {len(open_concerns)} still open"
            flow.append(para(summary + ".", styles.body))
        else:
            flow.append(para("No check-ins were recorded in this period.", styles.body))

        if report.include_notes:
            flow.extend(self._notes(report))
        return flow

    def _notes(self, report: PairingReport) -> list[Flowable]:
        styles = self.styles
        flow: list[Flowable] = [
            CondPageBreak(5 * cm),
            self.heading("Confidential notes"),
            self.note(
                "Included on request. Keep this report secure and share it only as the "
                "programme's confidentiality rules allow."
            ),
        ]
        dated = [
            (m.held_on, f"Meeting, {m.mode.label.lower()}", m.notes or "")
            for m in report.meetings
            if m.notes
        ] + [
            (
                c.held_on,
                f"Check-in with {c.who.value}" + (" (concern)" if c.concern else ""),
                c.notes or "",
            )
            for c in report.check_ins
            if c.notes
        ]
        dated.sort(key=lambda r: r[0])
        rows = [[short_date(day), what, note] for day, what, note in dated]
        if rows:
            flow.append(self.grid(["Date", "What", "Note"], rows, [0.14, 0.24, 0.62]))
        if report.pairing_notes:
            flow += [
                para("About the pairing", styles.cell_bold),
                para(report.pairing_notes, styles.body),
            ]
        if report.closure_notes:
            flow += [
                para("Closure notes", styles.cell_bold),
                para(report.closure_notes, styles.body),
            ]
        if not rows and not report.pairing_notes and not report.closure_notes:
            flow.append(para("No notes were recorded in this period.", styles.body))
        return flow

    # --- the whole programme ---------------------------------------------------------
    def programme_story(self, report: ProgrammeReport) -> list[Flowable]:
        styles, today = self.styles, report.today
        # Said on every page of an internal report, so a printed page cannot pass for
        # the one made for a board.
        header = f"Programme report · {INTERNAL_MARK}" if report.internal else "Programme report"
        holds = (
            f"{INTERNAL_MARK} — for the coordinator only"
            if report.internal
            else "No names, notes, concerns or contact details"
        )
        section = Section(
            key="programme",
            header=header,
            footer=(
                f"{self.settings.name} · Programme report · {period_text(report.period, today)} · "
                f"Printed {long_date(today)} · {holds}"
            ),
        )
        by_status = report.pairings_by_status
        completion = report.goal_completion
        flow: list[Flowable] = [
            SectionStart(section),
            para("Programme report", styles.title),
            para(self.settings.name, styles.subtitle),
            para(period_text(report.period, today), styles.body),
            self.key_figures(
                [
                    ("active pairings today", str(by_status[PairingStatus.ACTIVE])),
                    ("meetings in the period", str(report.meetings_total)),
                    ("hours of mentoring", hours(report.hours_total)),
                    (
                        "goals achieved",
                        "–" if completion is None else f"{round(completion * 100)}%",
                    ),
                ]
            ),
        ]

        flow.append(self.heading("Participants today"))
        statuses = list(ParticipantStatus)
        rows = []
        for role, label in ((Role.MENTEE, "Mentees"), (Role.MENTOR, "Mentors")):
            counts = report.participants[role]
            rows.append([label, *(str(counts[s]) for s in statuses), str(sum(counts.values()))])
        flow.append(
            self.grid(
                ["", *(s.label for s in statuses), "Total"],
                rows,
                [0.25] + [0.15] * len(statuses) + [0.15],
                right_from=1,
            )
        )

        flow.append(self.heading("Pairings"))
        pairing_rows = [[s.label, str(by_status[s])] for s in PairingStatus]
        pairing_rows.append(["Total", str(sum(by_status.values()))])
        flow.append(self.grid(["Status today", "Pairings"], pairing_rows, [0.5, 0.2], right_from=1))
        flow.append(
            para(
                f"In this period {report.started_in_period} pairing(s) started and "
                f"{report.closed_in_period} closed.",
                styles.body,
            )
        )

        flow.append(self.heading("Meetings per month"))
        if report.months:
            flow.append(
                KeepTogether(
                    [
                        meetings_per_month_chart(report.months, self.width),
                        self.note(
                            f"{report.meetings_total} meetings, {hours(report.hours_total)} hours "
                            "of mentoring in the period."
                        ),
                    ]
                )
            )
        else:
            flow.append(para("The period has not started yet.", styles.body))

        flow.append(self.heading("How long pairings last"))
        if report.average_length_months is not None:
            lines = [
                f"Average length: {report.average_length_months:.1f} months, over "
                f"{report.pairings_measured} pairing(s) that have started (open pairings "
                "count up to the end of the period)."
            ]
            for milestone in report.milestones:
                if milestone.eligible:
                    lines.append(
                        f"Reached {milestone.months} months: {milestone.reached} of the "
                        f"{milestone.eligible} pairing(s) that started at least "
                        f"{milestone.months} months ago "
                        f"({_percent(milestone.reached, milestone.eligible)})."
                    )
                else:
                    lines.append(
                        f"Reached {milestone.months} months: no pairing started "
                        f"{milestone.months} months ago or more yet."
                    )
            flow += [para(line, styles.bullet, bullet="•") for line in lines]
        else:
            flow.append(para("No pairing has started yet.", styles.body))

        flow.append(self.heading("Closures in this period"))
        if report.closures:
            flow.append(
                self.grid(
                    ["Reason", "Planned or early", "Initiated by", "Pairings"],
                    [
                        [
                            c.reason,
                            c.kind.label if c.kind else "–",
                            c.initiator.label if c.initiator else "–",
                            str(c.count),
                        ]
                        for c in report.closures
                    ],
                    [0.46, 0.2, 0.2, 0.14],
                    right_from=3,
                )
            )
        else:
            flow.append(para("No pairing closed in this period.", styles.body))

        flow.append(self.heading("Goals"))
        goal_rows = [[s.label, str(report.goals[s])] for s in GoalStatus]
        flow.append(self.grid(["Goal status", "Goals"], goal_rows, [0.5, 0.2], right_from=1))
        if completion is not None:
            flow.append(
                para(
                    f"{round(completion * 100)}% of goals (not counting dropped ones) are "
                    f"achieved; {report.goals_completed_in_period} were achieved in this period.",
                    styles.body,
                )
            )

        flow.append(self.heading("Pairs needing attention today"))
        if report.attention:
            flow.append(
                self.grid(
                    ["Why", "Flags", "Pairs"],
                    [
                        [
                            a.kind.label,
                            str(a.flags),
                            str(a.pairs) if a.kind != FlagKind.MENTEE_WAITING else "–",
                        ]
                        for a in report.attention
                    ],
                    [0.56, 0.14, 0.14],
                    right_from=1,
                )
            )
            flow.append(
                para(
                    f"{report.pairs_needing_attention} pair(s) have at least one flag.",
                    styles.body,
                )
            )
        else:
            flow.append(para("No pair needs attention today.", styles.body))
        flow.append(
            self.note(
                "The flags the dashboard shows today, counted by kind: the programme's own "
                "monitoring rules and thresholds (a pair may have several)."
            )
        )
        waiting = report.waiting
        flow.append(self.heading("Mentees waiting for a mentor"))
        if waiting.mentees:
            proposed = (
                f" {waiting.with_proposal} of them have a mentor proposed."
                if waiting.with_proposal
                else ""
            )
            flow.append(
                para(
                    f"{waiting.mentees} mentee(s) are waiting for a mentor: the longest for "
                    f"{waiting.longest_days} days, half of them for {waiting.median_days} days "
                    f"or more.{proposed}",
                    styles.body,
                )
            )
        else:
            flow.append(para("No mentee is waiting for a mentor.", styles.body))
        if report.internal:
            flow.append(self.heading(f"Who needs attention ({INTERNAL_MARK})"))
            flow.append(
                self.grid(
                    ["Pair or mentee", "Flag", "Why"],
                    [[a.subject, a.kind.label, a.message] for a in report.attention_lines],
                    [0.3, 0.2, 0.5],
                )
                if report.attention_lines
                else para("Nothing is flagged today.", styles.body)
            )
        return flow


def render_pairing_report(
    report: PairingReport, settings: ProgrammeSettings, target: Path | BinaryIO
) -> int:
    builder = ReportBuilder(settings)
    return build_pdf(
        builder.pairing_story(report),
        target,
        letterhead=builder.letterhead,
        title=f"Progress report: {report.pair.title}",
        subject=f"{settings.name}: progress report",
        author=settings.organisation or settings.name,
    )


def render_programme_report(
    report: ProgrammeReport, settings: ProgrammeSettings, target: Path | BinaryIO
) -> int:
    builder = ReportBuilder(settings)
    return build_pdf(
        builder.programme_story(report),
        target,
        letterhead=builder.letterhead,
        title=f"Programme report: {settings.name}",
        subject=f"{settings.name}: programme report",
        author=settings.organisation or settings.name,
    )
