import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddeed_assets.rules.plaintiffs import PlaintiffKind, classify_plaintiff, coerce_kind, normalize_name
from biddeed_assets_tests.fixtures import data

K = PlaintiffKind
SALE_LIST = data("brevard_sale_list_2026-01_to_04.csv")


@pytest.mark.parametrize(
    ("name", "kind", "canonical"),
    [
        ("US BANK NA", K.BANK, "U.S. BANK NATIONAL ASSOCIATION"),
        ("LAKEVIEW", K.SERVICER, "LAKEVIEW LOAN SERVICING, LLC"),
        ("UNITED WHOLESALE", K.SERVICER, "UNITED WHOLESALE MORTGAGE, LLC"),
        ("FEDERAL HOME", K.GSE, "FEDERAL HOME LOAN MORTGAGE CORPORATION (FREDDIE MAC)"),
        ("CENTRAL VIERA", K.HOA, "CENTRAL VIERA COMMUNITY ASSOCIATION"),
        ("BANK NEW YORK", K.TRUSTEE, "THE BANK OF NEW YORK MELLON"),
        ("BANK NY MELLON", K.TRUSTEE, "THE BANK OF NEW YORK MELLON"),
        ("HSBC MORTGAGE", K.BANK, "HSBC MORTGAGE CORPORATION (USA)"),
        ("OCWEN LOAN SVC", K.SERVICER, "OCWEN LOAN SERVICING, LLC"),
        ("NATIONSTAR", K.SERVICER, "NATIONSTAR MORTGAGE LLC (MR. COOPER)"),
        ("NATIONSTAR MTGE", K.SERVICER, "NATIONSTAR MORTGAGE LLC (MR. COOPER)"),
        ("WILMINGTON SAVINGS", K.TRUSTEE, "WILMINGTON SAVINGS FUND SOCIETY, FSB"),
        ("WILMINGTON SAV", K.TRUSTEE, "WILMINGTON SAVINGS FUND SOCIETY, FSB"),
        ("WILMINGTON TRST", K.TRUSTEE, "WILMINGTON TRUST, N.A."),
        ("DEUTSCHE BANK NATIONAL TRUST", K.TRUSTEE, "DEUTSCHE BANK NATIONAL TRUST COMPANY"),
        ("SECRETARY OF HOUSING", K.GOVERNMENT, "SECRETARY OF HOUSING AND URBAN DEVELOPMENT (HUD)"),
        ("FLORIDA HOUSING FINANCE", K.GOVERNMENT, "FLORIDA HOUSING FINANCE CORPORATION"),
        ("FREEDOM MORT", K.SERVICER, "FREEDOM MORTGAGE CORPORATION"),
        ("US BANK TRUST", K.TRUSTEE, "U.S. BANK TRUST NATIONAL ASSOCIATION"),
        ("COMM CREDIT UNION", K.BANK, "COMMUNITY CREDIT UNION"),
        (
            "FEDERAL NATIONAL MORTGAGE ASSOCIATION",
            K.GSE,
            "FEDERAL NATIONAL MORTGAGE ASSOCIATION (FANNIE MAE)",
        ),
    ],
)
def test_known_aliases(name, kind, canonical):
    plaintiff = classify_plaintiff(name)
    assert (plaintiff.kind, plaintiff.canonical) == (kind, canonical)
    assert plaintiff.reason


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("XYZ HOMEOWNERS ASSOCIATION", K.HOA),
        ("ABC CONDOMINIUM ASSN", K.CONDO),
        ("SEA PINES PROPERTY OWNERS ASSN INC", K.HOA),
        ("OCEAN TOWERS CONDO ASSOC", K.CONDO),
        ("JAMES LANDING", K.HOA),
        ("CITY OF PALM BAY", K.GOVERNMENT),
        ("FIRST FEDERAL SAVINGS AND LOAN ASSOCIATION", K.BANK),
        ("EDISTO LOAN", K.SERVICER),
        ("ARGOLICA LLC", K.PRIVATE),
        ("K CHERA", K.PRIVATE),
        ("STUART R KALB", K.PRIVATE),
        ("JOHN SMITH REVOCABLE TRUST", K.PRIVATE),
        ("U.S. BANK N.A. AS TRUSTEE", K.TRUSTEE),
        ("NORTHFIELD BANK", K.BANK),
        ("BUILDERS", K.UNKNOWN),
    ],
)
def test_kinds_by_words(name, kind):
    assert classify_plaintiff(name).kind is kind


def test_cc_case_with_unknown_plaintiff_reads_as_hoa():
    plaintiff = classify_plaintiff("SOMEWHERE NICE", "05-2024-CC-035201-XXCC-BC")
    assert plaintiff.kind is K.HOA
    assert "county-court" in plaintiff.reason
    assert (plaintiff.court_type, plaintiff.filing_year) == ("COUNTY", 2024)


def test_same_name_in_circuit_court_stays_unknown():
    plaintiff = classify_plaintiff("SOMEWHERE NICE", "05-2024-CA-012193-XXCA-BC")
    assert plaintiff.kind is K.UNKNOWN
    assert (plaintiff.court_type, plaintiff.filing_year) == ("CIRCUIT", 2024)


def test_court_type_argument_counts_without_a_case_number():
    assert classify_plaintiff("SOMEWHERE NICE", court_type="COUNTY").kind is K.HOA


def test_a_known_lender_in_cc_is_not_turned_into_an_hoa():
    assert classify_plaintiff("NATIONSTAR", "05-2024-CC-000001-XXCC-BC").kind is K.SERVICER


@pytest.mark.parametrize("name", [None, "", "   "])
def test_no_name(name):
    plaintiff = classify_plaintiff(name)
    assert (plaintiff.kind, plaintiff.canonical) == (K.UNKNOWN, None)


def test_normalize_name():
    assert normalize_name("U.S. Bank, N.A.") == "US BANK NA"
    assert normalize_name("Ocwen Loan Svc") == "OCWEN LOAN SERVICING"
    assert normalize_name("W D'ANGELO") == "W DANGELO"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("HOA", K.HOA),
        ("bank", K.BANK),
        ("COUNTY", K.GOVERNMENT),
        ("COA", K.CONDO),
        ("Homeowners Association", K.HOA),
        (K.GSE, K.GSE),
        (None, K.UNKNOWN),
        ("nonsense", K.UNKNOWN),
    ],
)
def test_coerce_kind(value, kind):
    assert coerce_kind(value) is kind


def test_real_brevard_sale_list():
    rows = list(csv.DictReader(SALE_LIST.open(encoding="utf-8")))
    results = [classify_plaintiff(row["plaintiff"], row["case_number"]) for row in rows]
    cc = [p for p in results if p.court_type == "COUNTY"]
    assert cc and all(p.kind is K.HOA for p in cc)
    unknown = [p.raw for p in results if p.kind is K.UNKNOWN]
    # Only genuinely unreadable names stay unknown (e.g. "NATL REC", "BUILDERS", "CARLOS SUD").
    assert len(unknown) <= 4, unknown


@given(st.text(max_size=60), st.none() | st.text(max_size=30))
def test_never_raises(name, case_number):
    plaintiff = classify_plaintiff(name, case_number)
    assert plaintiff.kind in set(PlaintiffKind)
    assert plaintiff.reason
