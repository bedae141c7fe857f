"""Read each data row into a person record under a column mapping, and merge the rows
of a file that describe the same person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mentordesk import clock
from mentordesk.models import ADULT_AGE, DateOrder, Role, ScreeningStatus, age_on
from mentordesk.roster import values
from mentordesk.roster.fields import FIELD_BY_NAME, LIST_FIELDS, Kind
from mentordesk.roster.table import Column, DataRow, Table

REQUIRED = ("role", "first_name", "last_name")


@dataclass(frozen=True)
class Problem:
    row: int | None  # 1-based sheet row
    column: str | None  # header text
    field: str | None
    message: str
    warning: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else ""
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class PersonRecord:
    row: int
    values: dict[str, Any]  # participant column -> clean value; only what the sheet said
    extra: dict[str, str]
    background_check: ScreeningStatus | None = None
    # completed_on / expires_on of the background check, when the sheet gives them.
    check_dates: dict[str, dt.date] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    merged_rows: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)

    @property
    def role(self) -> Role | None:
        return self.values.get("role")

    @property
    def display_name(self) -> str:
        return f"{self.values.get('first_name', '')} {self.values.get('last_name', '')}".strip()

    def key_name(self) -> tuple[str, str]:
        return (
            str(self.values.get("first_name", "")).casefold(),
            str(self.values.get("last_name", "")).casefold(),
        )


# Fields whose bad value costs the person only that value: the email is left empty and
# reported, unless it is the only way to tell the person apart.
SOFT_FIELDS = frozenset({"email", "guardian_email"})
# Texts read per column are remembered (a school name, a year group, a first name repeat
# down a roster), up to this many per column.
PARSED_MEMO = 5000


def _soft_problem(problem: Problem, parsed: dict[str, Any]) -> Problem:
    keyed = parsed.get("external_id") or parsed.get("date_of_birth")
    if problem.field == "email" and not keyed:
        return Problem(
            problem.row,
            problem.column,
            problem.field,
            f"{problem.message} With no ID or date of birth, the email is the only way to "
            "tell this person apart, so the row was not imported.",
        )
    return Problem(
        problem.row,
        problem.column,
        problem.field,
        f"{problem.message} The person was imported without it; correct it in their record.",
        warning=True,
    )


def _control_removed(row: int, column: str, field_name: str | None) -> Problem:
    return Problem(
        row,
        column,
        field_name,
        "Invisible control characters (such as NUL or ESC) were removed from this cell.",
        warning=True,
    )


class RowReader:
    """Reads rows of one table under one mapping (header -> field name or None)."""

    def __init__(
        self,
        table: Table,
        mapping: dict[str, str | None],
        *,
        default_role: Role | None,
        date_order: DateOrder,
    ) -> None:
        self.table = table
        self.default_role = default_role
        self.date_order = date_order
        self.by_field: dict[str, Column] = {}
        self.extra_columns: list[Column] = []
        for column in table.columns:
            name = mapping.get(column.header)
            if name in FIELD_BY_NAME and name not in self.by_field:
                self.by_field[name] = column
            else:
                self.extra_columns.append(column)
        self.parsers: list[tuple[str, Column, Any, dict[str, Any]]] = [
            (name, column, self._parser(name), {}) for name, column in self.by_field.items()
        ]

    def _parser(self, name: str) -> Any:
        """The function that reads a cell of field `name`."""
        kind = FIELD_BY_NAME[name].kind
        if kind is Kind.DATE:
            order, epoch_1904 = self.date_order, self.table.epoch_1904
            return lambda raw: values.date(raw, order, epoch_1904=epoch_1904)
        return {
            Kind.EMAIL: values.email,
            Kind.PHONE: values.phone,
            Kind.LIST: values.items,
            Kind.CHECK: values.check,
            Kind.COUNT: values.count,
            Kind.ROLE: values.role,
            Kind.MODE: values.mode,
            Kind.GENDER: values.gender,
            Kind.GENDER_WISH: values.gender_wish,
            Kind.NAME: values.name,
            Kind.FULL_NAME: values.split_full_name,
        }.get(kind, values.text)

    def read(self, row: DataRow) -> PersonRecord:
        record = PersonRecord(row.number, {}, {})
        parsed: dict[str, Any] = {}
        soft: list[Problem] = []
        cells = row.cells
        for name, column, parse, memo in self.parsers:
            raw = cells[column.index]
            if raw is None:
                parsed[name] = parse(None)
                continue
            if values.has_control(raw):
                record.problems.append(_control_removed(row.number, column.header, name))
            known = memo.get(raw, memo) if type(raw) is str else memo
            if known is not memo:
                parsed[name] = list(known) if type(known) is list else known
                continue
            try:
                value = parse(raw)
                if type(raw) is str and len(memo) < PARSED_MEMO:
                    memo[raw] = list(value) if type(value) is list else value
            except values.BadValue as exc:
                problem = Problem(row.number, column.header, name, f"{exc}.")
                if name in SOFT_FIELDS:
                    soft.append(problem)
                else:
                    record.problems.append(problem)
                continue
            parsed[name] = value
        for problem in soft:
            record.problems.append(_soft_problem(problem, parsed))
        for column in self.extra_columns:
            raw = row.get(column)
            if values.has_control(raw):
                record.problems.append(_control_removed(row.number, column.header, None))
            try:
                cell = values.text(raw)
            except values.BadValue:
                cell = values.CONTROL.sub("", str(raw))
            if cell:
                record.extra[column.header] = cell
        self._assemble(record, parsed)
        return record

    def _assemble(self, record: PersonRecord, parsed: dict[str, Any]) -> None:
        v = record.values
        full = parsed.pop("full_name", None)
        first, last = full if full else ("", "")
        v["first_name"] = parsed.pop("first_name", "") or first
        v["last_name"] = parsed.pop("last_name", "") or last
        role = parsed.pop("role", None) or self.default_role
        if role is not None:
            v["role"] = role
        record.background_check = parsed.pop("background_check", None)
        done = parsed.pop("background_check_date", None)
        expires = parsed.pop("background_check_expires", None)
        if done is not None:
            record.check_dates["completed_on"] = done
        if expires is not None:
            record.check_dates["expires_on"] = expires
        if done and expires and expires < done:
            record.problems.append(
                Problem(
                    record.row,
                    self._column_of("background_check_expires"),
                    "background_check_expires",
                    f"The background check expires ({expires.isoformat()}) before it was done "
                    f"({done.isoformat()}).",
                )
            )
        if record.background_check is None and record.check_dates:
            # A check with a date was done; what that means is the screening rules' call.
            record.background_check = values.check(done or expires)
        for name, value in parsed.items():
            if value is None or value == "" or value == []:
                continue
            v[name] = value
        if role == Role.MENTEE:
            capacity = v.pop("capacity", None)
            if capacity is not None and "capacity" in self.by_field:
                record.extra[self.by_field["capacity"].header] = str(capacity)
            if record.background_check is not None and "background_check" in self.by_field:
                record.extra[self.by_field["background_check"].header] = (
                    record.background_check.label
                )
            for name, date in record.check_dates.items():
                source = {"completed_on": "background_check_date"}.get(
                    name, "background_check_expires"
                )
                record.extra[self.by_field[source].header] = date.isoformat()
            record.background_check = None
            record.check_dates = {}
        self._check_required(record)
        self._check_sense(record)

    def _column_of(self, name: str) -> str | None:
        column = self.by_field.get(name) or (
            self.by_field.get("full_name") if name in ("first_name", "last_name") else None
        )
        return column.header if column else None

    def _check_required(self, record: PersonRecord) -> None:
        if record.values.get("role") is None and not any(
            p.field == "role" for p in record.problems
        ):
            record.problems.append(
                Problem(
                    record.row, self._column_of("role"), "role", "No role: write mentor or mentee."
                )
            )
        if any(p.field in ("first_name", "last_name", "full_name") for p in record.problems):
            return
        first, last = record.values.get("first_name"), record.values.get("last_name")
        if "full_name" in self.by_field and not ({"first_name", "last_name"} <= set(self.by_field)):
            column = self.by_field["full_name"].header
            if not first and not last:
                record.problems.append(
                    Problem(record.row, column, "full_name", "The name is empty.")
                )
                return
            if not first or not last:
                record.problems.append(
                    Problem(
                        record.row,
                        column,
                        "full_name",
                        f"'{first or last}' is only one name: write the first and last name.",
                    )
                )
                return
        for name, label in (("first_name", "first name"), ("last_name", "last name")):
            if not record.values.get(name):
                record.problems.append(
                    Problem(record.row, self._column_of(name), name, f"The {label} is empty.")
                )

    def _check_sense(self, record: PersonRecord) -> None:
        today = clock.today()
        born: dt.date | None = record.values.get("date_of_birth")
        if born is not None:
            if born > today:
                record.problems.append(
                    Problem(
                        record.row,
                        self._column_of("date_of_birth"),
                        "date_of_birth",
                        f"The date of birth {born.isoformat()} is in the future.",
                    )
                )
            elif age_on(born, today) > 110:
                record.problems.append(
                    Problem(
                        record.row,
                        self._column_of("date_of_birth"),
                        "date_of_birth",
                        f"The date of birth {born.isoformat()} is more than 110 years ago.",
                    )
                )
            elif (
                record.role == Role.MENTEE
                and age_on(born, today) < ADULT_AGE
                and not (record.values.get("guardian_phone") or record.values.get("guardian_email"))
            ):
                record.problems.append(
                    Problem(
                        record.row,
                        None,
                        "guardian_phone",
                        "A minor with no guardian phone or email: add one before matching.",
                        warning=True,
                    )
                )


def _merge_into(kept: PersonRecord, other: PersonRecord) -> list[str]:
    """Fill `kept` from `other`; returns the fields where the two rows disagree."""
    differences = []
    for name, value in other.values.items():
        mine = kept.values.get(name)
        if name in LIST_FIELDS:
            merged = list(mine or [])
            folded = {m.casefold() for m in merged}
            merged += [item for item in value if item.casefold() not in folded]
            kept.values[name] = merged
        elif mine in (None, ""):
            kept.values[name] = value
        elif isinstance(mine, str) and isinstance(value, str):
            if mine.casefold() != value.casefold():
                differences.append(name)
        elif mine != value:
            differences.append(name)
    for header, cell in other.extra.items():
        kept.extra.setdefault(header, cell)
    if kept.background_check is None:
        kept.background_check = other.background_check
    for name, date in other.check_dates.items():
        kept.check_dates.setdefault(name, date)
    kept.merged_rows.append(other.row)
    return differences


def identity_keys(values_: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The ways two records can be the same person, strongest first."""
    first = str(values_.get("first_name", "")).casefold()
    last = str(values_.get("last_name", "")).casefold()
    keys: list[tuple[Any, ...]] = []
    if values_.get("external_id"):
        keys.append(("id", str(values_["external_id"]).casefold()))
    if values_.get("email"):
        keys.append(("email", str(values_["email"]).casefold(), first, last))
    if values_.get("date_of_birth"):
        keys.append(("born", first, last, values_["date_of_birth"]))
    return keys


def merge_duplicates(records: list[PersonRecord]) -> tuple[list[PersonRecord], int, list[Problem]]:
    """Merge rows describing the same person (same id, or same email and name, or same name
    and date of birth). Returns the kept records, the number merged and the notes."""
    kept: list[PersonRecord] = []
    index: dict[tuple[Any, ...], PersonRecord] = {}
    notes: list[Problem] = []
    merged = 0
    for record in records:
        keys = identity_keys(record.values)
        same = next((index[k] for k in keys if k in index), None)
        if same is not None and same.role == record.role:
            differences = _merge_into(same, record)
            merged += 1
            message = f"Same person as row {same.row} ({same.display_name}); merged into it."
            if differences:
                labels = ", ".join(
                    FIELD_BY_NAME[d].label.lower() for d in differences if d in FIELD_BY_NAME
                )
                message += f" The rows differ in {labels}; row {same.row}'s values were kept."
            notes.append(Problem(record.row, None, None, message, warning=True))
            for key in identity_keys(same.values):
                index.setdefault(key, same)
            continue
        kept.append(record)
        for key in keys:
            index.setdefault(key, record)
    by_email: dict[str, PersonRecord] = {}
    for record in kept:
        address = str(record.values.get("email") or "").casefold()
        if not address:
            continue
        other = by_email.setdefault(address, record)
        if other is not record:
            notes.append(
                Problem(
                    record.row,
                    None,
                    "email",
                    f"The email {record.values['email']} is also given for {other.display_name} "
                    f"(row {other.row}); both were kept as different people.",
                    warning=True,
                )
            )
    return kept, merged, notes
