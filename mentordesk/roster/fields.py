"""The participant fields a roster column can map to, with the header words that name them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    TEXT = "text"
    NAME = "name"
    FULL_NAME = "full_name"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    LIST = "list"
    CHECK = "check"  # yes / no / in progress
    COUNT = "count"
    ROLE = "role"
    MODE = "mode"
    GENDER = "gender"
    GENDER_WISH = "gender_wish"
    IDENTIFIER = "identifier"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind
    synonyms: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "external_id",
        "ID (from the school or form)",
        Kind.IDENTIFIER,
        (
            "id",
            "student id",
            "pupil id",
            "upn",
            "student number",
            "pupil number",
            "reference",
            "ref",
            "member id",
            "volunteer id",
            "user id",
            "record id",
            "participant id",
            "admission number",
            "roll number",
            "external id",
        ),
    ),
    Field(
        "role",
        "Role (mentor or mentee)",
        Kind.ROLE,
        ("role", "mentor or mentee", "participant type", "type", "big or little", "applying as"),
    ),
    Field(
        "first_name",
        "First name",
        Kind.NAME,
        ("first name", "given name", "forename", "first", "christian name", "firstname"),
    ),
    Field(
        "last_name",
        "Last name",
        Kind.NAME,
        ("last name", "family name", "surname", "last", "lastname", "second name"),
    ),
    Field(
        "full_name",
        "Full name (split into first and last)",
        Kind.FULL_NAME,
        (
            "name",
            "full name",
            "student name",
            "pupil name",
            "participant name",
            "volunteer name",
            "mentor name",
            "mentee name",
            "your name",
            "contact name",
        ),
    ),
    Field(
        "preferred_name",
        "Preferred name",
        Kind.NAME,
        ("preferred name", "known as", "nickname", "goes by", "preferred first name"),
    ),
    Field(
        "email",
        "Email",
        Kind.EMAIL,
        ("email", "email address", "your email", "emailaddress", "contact email"),
    ),
    Field(
        "phone",
        "Phone",
        Kind.PHONE,
        (
            "phone",
            "mobile",
            "cell",
            "telephone",
            "phone number",
            "mobile number",
            "cell phone",
            "contact number",
            "tel",
            "mobile phone",
            "mobilenumber",
            "phone no",
            "mobile no",
            "mobile phone no",
            "phone no",
        ),
    ),
    Field(
        "date_of_birth",
        "Date of birth",
        Kind.DATE,
        ("date of birth", "dob", "birth date", "birthday", "born", "birthdate"),
    ),
    Field(
        "year_group",
        "Year / grade",
        Kind.TEXT,
        (
            "year",
            "year group",
            "grade",
            "class",
            "form",
            "form group",
            "school year",
            "tutor group",
        ),
    ),
    Field("school", "School", Kind.TEXT, ("school", "school name", "college", "current school")),
    Field(
        "employer",
        "Employer",
        Kind.TEXT,
        ("employer", "company", "organisation", "organization", "workplace", "where do you work"),
    ),
    Field(
        "job_title",
        "Job title",
        Kind.TEXT,
        ("job title", "job", "occupation", "profession", "position", "jobtitle", "current role"),
    ),
    Field(
        "guardian_name",
        "Guardian name",
        Kind.TEXT,
        (
            "guardian name",
            "parent name",
            "parent guardian",
            "parent or guardian",
            "guardian",
            "parent",
            "carer",
            "carer name",
            "parent guardian name",
            "parents name",
        ),
    ),
    Field(
        "guardian_phone",
        "Guardian phone",
        Kind.PHONE,
        (
            "guardian phone",
            "parent phone",
            "parent mobile",
            "guardian mobile",
            "parent contact number",
            "parent guardian phone",
            "carer phone",
            "parent telephone",
        ),
    ),
    Field(
        "guardian_email",
        "Guardian email",
        Kind.EMAIL,
        ("guardian email", "parent email", "parent guardian email", "carer email", "parents email"),
    ),
    Field(
        "guardian_relationship",
        "Guardian relationship",
        Kind.TEXT,
        ("relationship", "relationship to student", "guardian relationship", "relation"),
    ),
    Field(
        "interests",
        "Interests",
        Kind.LIST,
        ("interests", "hobbies", "hobbies and interests", "what do you enjoy", "interest"),
    ),
    Field(
        "career_goals",
        "Career goals",
        Kind.LIST,
        (
            "career goals",
            "aspirations",
            "career aspirations",
            "career interests",
            "what would you like to be",
            "future career",
            "goals",
        ),
    ),
    Field(
        "skills",
        "Skills",
        Kind.LIST,
        ("skills", "areas i can help with", "expertise", "can help with", "areas of expertise"),
    ),
    Field("languages", "Languages", Kind.LIST, ("languages", "languages spoken", "language")),
    Field(
        "availability",
        "Availability",
        Kind.LIST,
        (
            "availability",
            "available",
            "when are you available",
            "days available",
            "times available",
        ),
    ),
    Field(
        "location",
        "Location",
        Kind.TEXT,
        ("location", "town", "city", "area", "neighbourhood", "neighborhood", "address", "village"),
    ),
    Field(
        "postcode",
        "Postcode",
        Kind.TEXT,
        ("postcode", "post code", "zip", "zip code", "postal code", "zipcode", "eircode"),
    ),
    Field(
        "meeting_mode",
        "Preferred meeting mode",
        Kind.MODE,
        (
            "preferred meeting mode",
            "meeting mode",
            "meeting preference",
            "in person or online",
            "how would you like to meet",
            "mode",
        ),
    ),
    Field("gender", "Gender", Kind.GENDER, ("gender", "sex")),
    Field(
        "mentor_gender_preference",
        "Mentor gender preference",
        Kind.GENDER_WISH,
        (
            "mentor gender preference",
            "preferred mentor gender",
            "gender of mentor",
            "preferred gender of mentor",
            "mentor gender",
        ),
    ),
    Field(
        "capacity",
        "Mentees they can take",
        Kind.COUNT,
        (
            "how many mentees can you take",
            "capacity",
            "number of mentees",
            "max mentees",
            "how many mentees",
            "mentees wanted",
        ),
    ),
    Field(
        "background_check",
        "Background check done",
        Kind.CHECK,
        (
            "background check",
            "background check done",
            "dbs",
            "dbs check",
            "garda vetting",
            "police check",
            "vetting",
            "criminal record check",
            "pvg",
            "background checked",
        ),
    ),
    Field(
        "notes",
        "Notes",
        Kind.TEXT,
        ("notes", "comments", "remarks", "other information", "anything else"),
    ),
)

FIELD_BY_NAME = {f.name: f for f in FIELDS}
# Fields that a column would set on the participant row itself.
LIST_FIELDS = frozenset(f.name for f in FIELDS if f.kind is Kind.LIST)
