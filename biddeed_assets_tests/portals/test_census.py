"""Census ACS 5-year parser on responses in the API's documented array-of-arrays shape."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import census
from biddeed_assets.portals.census import ZipDemographics
from biddeed_assets.portals.errors import ParseError

HEADER = [
    "NAME",
    "B19013_001E",
    "B25077_001E",
    "B25002_001E",
    "B25002_003E",
    "B25003_001E",
    "B25003_002E",
    "zip code tabulation area",
]
RESPONSE = json.dumps(
    [
        HEADER,
        ["ZCTA5 32940", "101250", "452300", "20000", "1500", "18500", "14800", "32940"],
        ["ZCTA5 32955", "-666666666", "-666666666", "0", "0", "0", "0", "32955"],
        ["ZCTA5 00601", "17526", None, "8000", "800", "7200", "5400", "00601"],
    ]
)


def test_parse_acs_rows():
    rows = census.parse_acs(RESPONSE, source_url="https://api.census.gov/x")
    assert rows[0] == ZipDemographics(
        zip="32940",
        median_household_income=101250.0,
        median_home_value=452300.0,
        housing_units=20000.0,
        vacant_units=1500.0,
        vacancy_rate=0.075,
        owner_occupancy_rate=0.8,
        name="ZCTA5 32940",
        source_url="https://api.census.gov/x",
    )


def test_sentinels_nulls_and_zero_totals_are_unknown():
    _, empty, no_value = census.parse_acs(RESPONSE)
    assert empty.median_household_income is None and empty.median_home_value is None
    assert empty.vacancy_rate is None and empty.owner_occupancy_rate is None  # 0 of 0 is unknown, not 0%
    assert no_value.median_home_value is None and no_value.median_household_income == 17526.0
    assert no_value.zip == "00601" and no_value.vacancy_rate == 0.1 and no_value.owner_occupancy_rate == 0.75


def test_column_order_is_free_and_missing_variables_are_none():
    text = json.dumps([["zip code tabulation area", "state", "B25077_001E"], ["32940", "12", "452300"]])
    assert census.parse_acs(text) == [ZipDemographics(zip="32940", median_home_value=452300.0)]


def test_header_only_is_no_rows():
    assert census.parse_acs(json.dumps([HEADER])) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "{}",
        "[]",
        "[[1, 2], 3]",
        json.dumps([["NAME", "B19013_001E"], ["x", "1"]]),  # no geography column
        json.dumps([["NAME", "zip code tabulation area"], ["x", "32940"]]),  # none of our variables
        json.dumps([HEADER, ["too", "short"]]),
        json.dumps([HEADER, ["n", "1", "1", "1", "1", "1", "1", None]]),
    ],
)
def test_garbage_is_parse_error(text):
    with pytest.raises(ParseError):
        census.parse_acs(text)


def test_acs_url():
    assert census.acs_url(2022, ["32940", "32955"], key="k") == (
        "https://api.census.gov/data/2022/acs/acs5?get=NAME,B19013_001E,B25077_001E,B25002_001E,B25002_003E,"
        "B25003_001E,B25003_002E&for=zip%20code%20tabulation%20area:32940,32955&key=k"
    )
    assert census.acs_url(2022).endswith("&for=zip%20code%20tabulation%20area:*")


def test_page_kind_rows_are_json():
    assert set(census.PAGE_KINDS) == {"census"}
    rows = json.loads(json.dumps(census.PAGE_KINDS["census"](RESPONSE, None)))
    assert [r["zip"] for r in rows] == ["32940", "32955", "00601"]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text())
def test_any_text_is_result_or_parse_error(text):
    try:
        census.parse_acs(text)
    except ParseError:
        pass


_CELL = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=6)
    | st.lists(st.integers(), max_size=2)
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(_CELL, min_size=len(HEADER), max_size=len(HEADER)), max_size=5), st.booleans())
def test_any_table_is_result_or_parse_error(rows, with_header):
    data = ([HEADER] if with_header else []) + rows
    try:
        result = census.parse_acs(json.dumps(data))
    except ParseError:
        return
    for row in result:
        for rate in (row.vacancy_rate, row.owner_occupancy_rate):
            assert rate is None or 0.0 <= rate <= 1.0


def test_the_header_must_name_every_requested_variable():
    url = census.acs_url(2024, ["32940"])
    with pytest.raises(ParseError, match="lacks the requested B25003_002E"):
        census.parse_acs(json.dumps([HEADER[:-2] + HEADER[-1:], ["n", "1", "1", "1", "1", "1", "32940"]]), source_url=url)
    assert len(census.parse_acs(RESPONSE, source_url=url)) == 3


def test_bytes_are_utf8_or_carry_their_bom_and_anything_else_is_a_parse_error():
    rows = census.parse_acs(RESPONSE)
    assert census.parse_acs(RESPONSE.encode()) == rows
    assert census.parse_acs(RESPONSE.encode("utf-16")) == rows
    wrong = json.dumps([HEADER, ["ZCTA5 32940 é", "1", "1", "1", "1", "1", "1", "32940"]]).replace("\\u00e9", "é")
    with pytest.raises(ParseError, match="not UTF-8"):
        census.parse_acs(wrong.encode("latin-1"), source_url="http://census.test/acs")
    with pytest.raises(ParseError, match="cut off|not JSON"):
        census.parse_acs(RESPONSE.encode()[: len(RESPONSE) // 2])
