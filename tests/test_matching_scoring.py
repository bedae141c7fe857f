"""Scores come with plain reasons naming exactly the criteria that scored; the weights the
coordinator saves change the answer."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentordesk.errors import ValidationError
from mentordesk.matching.cohort import load_cohort
from mentordesk.matching.matcher import assess_pair, mentor_options, run_match
from mentordesk.matching.matching_settings import (
    CRITERION_KEYS,
    DEFAULT_WEIGHTS,
    MatchSettings,
    Objective,
    load_match_settings,
    save_match_settings,
)
from mentordesk.matching.scoring import criterion_matrices, explain, score_matrix
from mentordesk.models import ModePreference, Programme
from mentordesk.store import Database
from tests.matching_cohorts import add_mentee, add_mentor, build_cohort

TODAY = dt.date(2026, 11, 25)
# The words each criterion's reason starts with or contains.
REASON_WORDS = {
    "interests": ("both like ",),
    "career": ("mentor is a ", "mentor is an ", "mentor's skills include "),
    "availability": ("both free ",),
    "language": ("both speak ",),
    "location": ("both in ", " km apart", "same postcode area"),
    "meeting_mode": ("to meet ",),
    "gender_preference": ("mentee asked for a ",),
    "age_preference": ("age gap of ",),
}


def criterion_of(reason: str) -> str:
    found = [key for key, words in REASON_WORDS.items() if any(w in reason for w in words)]
    assert len(found) == 1, (reason, found)
    return found[0]


def test_the_explanation_a_coordinator_reads(db: Database) -> None:
    with db.transaction() as session:
        mentor = add_mentor(
            session,
            TODAY,
            job_title="Nurse",
            interests=["Robotics", "baking"],
            availability=["Tue/Thu evenings"],
            languages=["English", "Polish"],
            location="Riverside",
        )
        mentee = add_mentee(
            session,
            TODAY,
            interests=["robotics", "chess"],
            career_goals=["nursing"],
            availability=["Tuesday evening", "Saturday morning"],
            languages=["Polish"],
            location="riverside",
            meeting_mode=ModePreference.IN_PERSON,
        )
    with db.reading() as session:
        proposal = assess_pair(session, mentor.id, mentee.id, on_date=TODAY)
    assert proposal is not None
    assert proposal.reasons[:3] == (
        "mentor is a nurse, mentee wants nursing",
        "both free Tuesday evenings",
        "both like robotics",
    )
    assert "both speak Polish" in proposal.reasons
    assert "both in Riverside" in proposal.reasons
    assert "mentee wants to meet in person; mentor is flexible" in proposal.reasons
    assert proposal.warnings == ()
    assert 0.5 < proposal.score <= 1.0


@pytest.mark.parametrize(
    ("job", "goal", "reason"),
    [
        ("Law", "law", "mentor works in law, mentee wants law"),
        ("Software Engineering", "engineering", "mentor works in software engineering"),
        ("Architect", "architecture", "mentor is an architect, mentee wants architecture"),
    ],
)
def test_a_job_that_names_a_field_reads_as_work_in_it(
    db: Database, job: str, goal: str, reason: str
) -> None:
    with db.transaction() as session:
        mentor = add_mentor(session, TODAY, job_title=job)
        mentee = add_mentee(session, TODAY, career_goals=[goal])
    with db.reading() as session:
        proposal = assess_pair(session, mentor.id, mentee.id, on_date=TODAY)
    assert proposal is not None
    assert any(r.startswith(reason) for r in proposal.reasons), proposal.reasons
    assert not any(" is a " + goal in r for r in proposal.reasons)


def test_warnings_name_what_counts_against_a_pair(db: Database) -> None:
    with db.transaction() as session:
        mentor = add_mentor(
            session,
            TODAY,
            gender="male",
            job_title="Accountant",
            availability=["Monday morning"],
            meeting_mode=ModePreference.ONLINE,
            date_of_birth=TODAY - dt.timedelta(days=60 * 365),
            languages=["English"],
        )
        mentee = add_mentee(
            session,
            TODAY,
            mentor_gender_preference="Female",
            career_goals=["nursing"],
            availability=["Friday evening"],
            meeting_mode=ModePreference.IN_PERSON,
            preferences={"max_age_gap": 30},
            languages=["Arabic"],
        )
    with db.reading() as session:
        proposal = assess_pair(session, mentor.id, mentee.id, on_date=TODAY)
    assert proposal is not None
    assert proposal.reasons == ()
    assert proposal.score == 0.0
    assert set(proposal.warnings) == {
        "mentor's work is far from the mentee's goal (nursing)",
        "no free time in common",
        "no language in common",
        "mentee wants to meet in person, mentor online",
        "mentee asked for a female mentor; this mentor is male",
        "age gap of 44 years; the mentee asked for at most 30",
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_reasons_name_exactly_the_criteria_that_scored(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    weights = {key: rng.choice([0.0, 0.5, 1.0, 3.0]) for key in CRITERION_KEYS}
    with db.reading() as session:
        build_cohort(session, seed, rng.randint(3, 8), rng.randint(2, 5), TODAY)
        cohort = load_cohort(session, TODAY, MatchSettings(weights=weights))
        rows_e, rows_r = np.arange(len(cohort.mentees)), np.arange(len(cohort.mentors))
        values = criterion_matrices(cohort, rows_e, rows_r)
        scores = score_matrix(cohort, rows_e, rows_r)
        for e in rows_e:
            for r in rows_r:
                explanation = explain(cohort, int(e), int(r))
                scored = {k for k in CRITERION_KEYS if values[k][e, r] > 0 and weights[k] > 0}
                named = [criterion_of(reason) for reason in explanation.reasons]
                assert sorted(named) == sorted(scored), explanation
                assert explanation.score == pytest.approx(float(scores[e, r]), abs=1e-6)
                # Most weight first.
                contributions = [weights[k] * values[k][e, r] for k in named]
                assert contributions == sorted(contributions, reverse=True)
        session.rollback()


def test_weights_saved_with_the_programme_change_the_answer(db: Database) -> None:
    with db.transaction() as session:
        nurse = add_mentor(session, TODAY, job_title="Nurse", availability=["Monday morning"])
        same_time = add_mentor(session, TODAY, job_title="Chef", availability=["Friday evening"])
        mentee = add_mentee(session, TODAY, career_goals=["nursing"], availability=["Friday 6pm"])
    with db.reading() as session:
        first = run_match(session, on_date=TODAY)
    assert [(p.mentor_id, p.mentee_id) for p in first.proposals] == [(nurse.id, mentee.id)]

    with db.transaction() as session:
        weights = {key: 0.0 for key in CRITERION_KEYS} | {"availability": 5.0, "career": 1.0}
        save_match_settings(session, MatchSettings(weights=weights, objective=Objective.COVERAGE))
    with db.reading() as session:
        second = run_match(session, on_date=TODAY)
        assert load_match_settings(session).weights == weights
    assert second.objective is Objective.COVERAGE
    assert [p.mentor_id for p in second.proposals] == [same_time.id]
    assert second.proposals[0].reasons == ("both free Friday evenings",)


def test_one_pair_scores_the_same_everywhere(demo_db: Database) -> None:
    with demo_db.reading() as session:
        result = run_match(session, on_date=TODAY)
        assert result.proposals
        for proposal in result.proposals:
            alone = assess_pair(session, proposal.mentor_id, proposal.mentee_id, on_date=TODAY)
            assert alone is not None
            assert alone.score == pytest.approx(proposal.score)
            assert alone.reasons == proposal.reasons
            options = mentor_options(session, proposal.mentee_id, on_date=TODAY)
            chosen = next(o for o in options if o.mentor_id == proposal.mentor_id)
            assert chosen.score == pytest.approx(proposal.score)


def test_settings_round_trip_and_refuse_nonsense(db: Database) -> None:
    with db.transaction() as session:
        programme = session.get(Programme, 1)
        programme.settings = {"screening": {"min_references": 3}}
        save_match_settings(session, MatchSettings(min_age_gap=5))
    with db.reading() as session:
        programme = session.get(Programme, 1)
        assert programme.settings["screening"] == {"min_references": 3}
        assert programme.settings["matching"]["min_age_gap"] == 5
        assert load_match_settings(session).weights == DEFAULT_WEIGHTS
    with pytest.raises(ValidationError, match="between 0 and 10"):
        MatchSettings(weights={"career": 11.0})
    with pytest.raises(ValidationError, match="Unknown"):
        MatchSettings(weights={"height": 1.0})
    damaged = MatchSettings.from_settings(
        {"matching": {"weights": {"career": "lots"}, "objective": "x", "min_age_gap": "?"}}
    )
    assert damaged == MatchSettings()
