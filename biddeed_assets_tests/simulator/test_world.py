import datetime as dt

from biddeed_assets.rules.case_numbers import parse_brevard
from biddeed_assets.simulator.world import World

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def year_of_cases(seed=7):
    world = World(seed)
    return [c for day in world.sale_dates("brevard", *YEAR) for c in world.cases_on("brevard", day)]


def test_the_same_seed_gives_the_same_world_and_another_seed_another():
    assert year_of_cases(7) == year_of_cases(7)
    assert year_of_cases(7) != year_of_cases(8)


def test_sales_are_on_wednesdays_with_a_real_sized_list():
    world = World()
    days = world.sale_dates("brevard", *YEAR)
    assert days and all(d.weekday() == 2 for d in days)
    sizes = [len(world.cases_on("brevard", d)) for d in days]
    assert 15 <= min(sizes) and max(sizes) <= 25
    assert world.cases_on("brevard", dt.date(2025, 1, 2)) == []  # a Thursday


def test_calibrated_on_the_real_lists():
    cases = year_of_cases()
    share = lambda pred: sum(map(pred, cases)) / len(cases)  # noqa: E731
    assert 0.05 <= share(lambda c: c.status == "CANCELLED") <= 0.11  # real January 2026: 5 of 64
    assert 0.06 <= share(lambda c: c.court == "CC") <= 0.13  # real: 6 of 64
    assert all(c.plaintiff_kind in ("HOA", "CONDO") for c in cases if c.court == "CC")
    assert share(lambda c: c.plaintiff_kind in ("BANK", "SERVICER", "TRUSTEE", "GSE")) > 0.6


def test_every_case_number_is_a_valid_brevard_number_of_the_right_era():
    for case in year_of_cases():
        number = parse_brevard(case.case_number)
        assert number.normalized == case.case_number
        assert number.court_code == case.court
        assert case.case_number.endswith("XXXX-XX") == (number.filing_year < 2024)
