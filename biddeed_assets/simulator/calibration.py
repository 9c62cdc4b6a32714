"""Figures the simulated world is calibrated on, read off the real Brevard sale lists in shared/data/real.

January 2026's list (64 cases): 20-24 cases per Wednesday sale, 5 cancelled (~8%), 6 county-court (CC)
cases (~9%), all of them HOA/condo plaintiffs; the rest banks, servicers, trustees and a GSE.
"""

CASES_PER_SALE_DAY = (15, 25)
CANCELLED_SHARE = 0.08
LIST_HORIZON_DAYS = 42  # the clerk lists about six weeks of upcoming sales

# (kind, weight, names): weights from the 151 real listed cases of January to April 2026.
PLAINTIFFS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("SERVICER", 0.38, ("NATIONSTAR", "LAKEVIEW LOAN", "FREEDOM MORTGAGE", "NEWREZ LLC", "PENNYMAC LOAN",
                        "ROCKET MORTGAGE", "CARRINGTON", "PLANET HOME", "AMERIHOME", "VILLAGE CAPITAL",
                        "UNITED WHOLESALE", "SWBC MORTGAGE", "MORTGAGE ASSETS", "REVERSE MORTG")),
    ("BANK", 0.25, ("US BANK NA", "JPMORGAN", "WELLS FARGO BANK", "PNC BANK", "CITIBANK", "BANK NY MELLON",
                    "CITIZENS BANK", "COMM CREDIT UNION")),
    ("TRUSTEE", 0.09, ("US BANK TRUST", "WILMINGTON SAV", "WILMINGTON TRST", "DEUTSCHE BANK")),
    ("GSE", 0.04, ("FEDERAL HOME", "FANNIE MAE")),
    ("HOA", 0.07, ("JAMES LANDING", "CENTRAL VIERA", "DIANA SHORES", "NORTHFIELD", "VISTA OAKS", "PALMAS",
                   "OCEAN LANDING", "BAYSIDE LAKES HOA", "SUNTREE MASTER HOA")),
    ("CONDO", 0.03, ("TOWN HOMES", "OCEANSIDE CONDO ASSN", "RIVERVIEW CONDO ASSN")),
    ("PRIVATE", 0.06, ("RED FLOWER CAPITAL", "ARGOLICA LLC", "EDISTO LOAN", "STUART R KALB", "CARLOS SUD")),
    ("GOVERNMENT", 0.02, ("SECRETARY HUD", "FLORIDA HOUSING")),
)
# Association plaintiffs file in county court nearly always (all 6 real CC cases were associations).
ASSOCIATION_CC_SHARE = 0.9
# Filing year = sale year minus this many years (real lists: mostly 1-2 years, a tail to 8).
FILING_LAG_YEARS = ((0, 0.10), (1, 0.45), (2, 0.25), (3, 0.10), (4, 0.05), (6, 0.03), (8, 0.02))
# Brevard's suffix changed from -XXXX-XX to -XXCA-BC / -XXCC-BC for cases filed from 2024.
NEW_SUFFIX_FROM_YEAR = 2024

FIRST_NAMES = ("JAMES", "MARIA", "ROBERT", "LINDA", "MICHAEL", "PATRICIA", "DAVID", "JENNIFER", "C L", "M",
               "ANNMARIE", "ALBERT", "BETTY W", "SHANNON K", "RODNEY B", "ELEONORE", "G", "BENJAMIN")
LAST_NAMES = ("SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ",
              "MARTINEZ", "HENDERSON", "BALCH", "VAUGHAN", "HOLDER", "MEDLEY", "WALROTH", "EZELL", "YOUNG")
ENTITY_DEFENDANTS = ("UNKNOWN HEIRS", "RED KEY 38 LLC", "METRO EASTWEST", "SPACE COAST HOLDINGS LLC")
