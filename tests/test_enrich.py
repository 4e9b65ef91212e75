"""The enrich stage: one typed value per declaration, each derivation made once."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.declaration import model_camp, project_camp, review_state, waiver_state
from checker.enrich import Knowledge, enrich
from checker.options import RunOptions
from checker.pipeline import Checker

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    from checker.policies.build import knowledge as of

    checker = Checker(RunOptions(today=TODAY))
    return of(checker.default_policies(), TODAY)


def test_a_model_carries_its_catalogue_entry_and_the_facts_policies_test(knowledge) -> None:
    enriched = enrich(
        {
            "models": [
                {
                    "id": "meta-llama/Llama-3.1-8B-Instruct",
                    "openness": "open-source",
                    "licence": {"id": "llama3.1", "review": {"date": "2026-03-02"}},
                    "deployment": {"mode": "on-prem", "residency": ["DE"]},
                }
            ],
            "data": {"residency": ["EU"]},
        },
        knowledge,
    )
    (model,) = enriched.models
    assert model.catalogue is not None and model.catalogue.key == "llama-3.1"
    assert model.camp == "open" and model.self_hosted
    assert model.facts["openness"] == {
        "catalogue": "open-weight",
        "matches_catalogue": False,
        "rank": 2,  # open-source, above the open-weight base it is of
    }
    assert model.facts["licence"]["matches_catalogue"] is True
    assert model.facts["review"]["age_days"] == (TODAY - dt.date(2026, 3, 2)).days
    # the facts say where DE lies; whether that is within data.residency is LC102's to say
    assert model.facts["residency"]["within"] == [["DE", "EU", "EEA"]]
    assert model.review_due == dt.date(2026, 3, 2) + dt.timedelta(days=365)
    # the report's summary is made from the same facts
    (summary,) = enriched.summary.models
    assert summary.catalogue is not None and summary.catalogue.key == "llama-3.1"
    assert summary.review_due == model.review_due.isoformat()


def test_waivers_carry_their_days_left_and_state(knowledge) -> None:
    enriched = enrich(
        {
            "waivers": [
                {"policy": "LC205", "expires": "2026-12-01"},
                {"policy": "LC205", "expires": "2026-11-01"},
                {"policy": "LC205", "expires": "soon"},
            ]
        },
        knowledge,
    )
    assert [w.days_left for w in enriched.waivers] == [7, -23, None]
    assert [w.state for w in enriched.waivers] == ["expiring-30", "expired", "no-date"]
    assert enriched.waivers[0].facts["policy"] == "LC205"


@pytest.mark.parametrize(
    ("days", "state"),
    [(None, "no-date"), (-1, "expired"), (0, "expiring-30"), (30, "expiring-30"),
     (31, "expiring-90"), (90, "expiring-90"), (91, "later")],
)  # fmt: skip
def test_a_waivers_state_by_the_days_it_has_left(days: int | None, state: str) -> None:
    assert waiver_state(days) == state


def test_camps_and_review_states() -> None:
    assert [model_camp(o) for o in ("open-source", "open-weight", "closed", None)] == [
        "open",
        "open",
        "closed",
        None,
    ]
    assert project_camp(["closed", "open-weight"]) == "mixed"
    assert project_camp([None]) == "unknown"
    assert review_state("2026-01-01", True, TODAY) == "overdue"
    assert review_state("2027-01-01", True, TODAY) == "current"
    assert review_state(None, True, TODAY) == "missing"
    assert review_state(None, False, TODAY) == "none"


@pytest.mark.parametrize(
    "make",
    [lambda: 10**5000, lambda: float("nan"), lambda: float("inf"), lambda: -1, lambda: True],
    ids=["5000 digits", "nan", "inf", "negative", "boolean"],
)
def test_a_cost_that_is_not_a_usable_amount_is_left_out(knowledge, make) -> None:
    amount = make()  # made in the test: pytest cannot print an integer of 5,000 digits
    enriched = enrich({"cost": {"monthly": {"amount": amount, "currency": "EUR"}}}, knowledge)
    assert enriched.summary.monthly_cost is None
