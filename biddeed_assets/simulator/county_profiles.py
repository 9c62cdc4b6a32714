"""How each simulated RealForeclose county looks: sale weekdays, list sizes, case-number and parcel formats,
the card's label variants and ZIPs. Which real capture each trait comes from is in simulator/README.md.

A profile is plain data; the world draws a county's cases only when one of its days is first asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Card label and city-line variants of real RealForeclose cards.
ASSESSED = "Assessed Value"
MARKET = "Property App. Market Value"  # Pasco's (and the Duval simulation's) value row
FL_DASH = "{city}, FL- {zip}"  # "TAMPA, FL- 33610"
FL_SPACE = "{city}, FL {zip}"  # "TAMPA, FL 33610"
NO_STATE = "{city}, {zip}"  # "WESLEY CHAPEL, 33545"


@dataclass(frozen=True, slots=True)
class CountyProfile:
    """One simulated RealForeclose county."""

    slug: str
    code: str  # the Uniform Case Numbering county code (Hillsborough 29, Duval 16, Pasco 51 ...)
    weekdays: tuple[int, ...]  # foreclosure sale weekdays (Monday 0)
    cases: tuple[int, int]  # cases per foreclosure sale day
    case_format: str  # {code} {year} {court} {seq} {tail}
    parcel_format: str  # a key of truth.PARCEL_FORMATS
    zips: dict[str, str]
    tails: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per court (CA/CC/TD): suffix choices
    value_label: str | None = ASSESSED  # None: the card has no value row (Broward)
    city_line: str = FL_DASH
    parcel_label: str = "Parcel ID"  # or "Alternate Key", "Parcel Key"
    appraiser_link_share: float = 0.0  # cards whose parcel cell is only a "Property Appraiser" link
    hidden_share: float = 0.9  # plaintiff max bid printed "Hidden"
    sale_time: str = "10:00 AM ET"
    tax_deed_weekday: int | None = 4  # tax-deed sales on this weekday of each month's first week
    source: str = "modelled"  # the real file the formats come from (README table)

    @property
    def value_field(self) -> str:
        return "market_value" if self.value_label == MARKET else "assessed_value"


UCN = "{code}{year}{court}{seq}{tail}"  # the Uniform Case Number run together (Pinellas, Santa Rosa, Hillsborough)
UCN_TAILS = {"CA": ("CAAXXX",), "CC": ("CCAXXX",)}


def _p(slug, code, weekdays, cases, zips, *, case_format=UCN, parcel_format="dashed", tails=UCN_TAILS, **kw):
    return CountyProfile(slug, code, weekdays, cases, case_format, parcel_format, zips, tails, **kw)


PROFILES: dict[str, CountyProfile] = {p.slug: p for p in (
    # Real captures (fixtures/pages/realforeclose, shared/data/real): formats as printed there.
    _p("hillsborough", "29", (1, 3), (12, 30), {
        "33510": "BRANDON", "33511": "BRANDON", "33547": "LITHIA", "33569": "RIVERVIEW", "33578": "RIVERVIEW",
        "33584": "SEFFNER", "33594": "VALRICO", "33603": "TAMPA", "33604": "TAMPA", "33610": "TAMPA",
        "33612": "TAMPA", "33614": "TAMPA", "33617": "TAMPA", "33619": "TAMPA", "33624": "TAMPA", "33647": "TAMPA"},
       tails={"CA": ("A001HC",), "CC": ("A001HC",)}, parcel_format="hillsborough",
       source="hillsborough/load_area_C_2026-06-05.json"),
    _p("duval", "16", (1, 2, 3), (8, 22), {
        "32205": "JACKSONVILLE", "32207": "JACKSONVILLE", "32208": "JACKSONVILLE", "32209": "JACKSONVILLE",
        "32210": "JACKSONVILLE", "32211": "JACKSONVILLE", "32216": "JACKSONVILLE", "32218": "JACKSONVILLE",
        "32219": "JACKSONVILLE", "32221": "JACKSONVILLE", "32225": "JACKSONVILLE", "32244": "JACKSONVILLE",
        "32246": "JACKSONVILLE", "32254": "JACKSONVILLE", "32257": "JACKSONVILLE", "32277": "JACKSONVILLE"},
       case_format="{code}-{year}-{court}-{seq}-{tail}", tails={"CA": ("AXXX-MA", "XXXX-MA"), "CC": ("XXXX-MA",)},
       parcel_format="duval", value_label=MARKET, city_line=NO_STATE, source="duval/load_2026-06-03_raw.json"),
    _p("pasco", "51", (0, 1, 2, 3), (1, 6), {
        "34668": "PORT RICHEY", "34639": "LAND O LAKES", "33545": "WESLEY CHAPEL", "34610": "SPRING HILL",
        "34654": "NEW PORT RICHEY", "33556": "ODESSA", "34652": "NEW PORT RICHEY", "34667": "HUDSON"},
       case_format="{code}-{year}-{court}-{seq}-{tail}", tails={"CA": ("CAAX-WS", "CAAX-ES"), "CC": ("CCAX-WS",)},
       parcel_format="pasco", value_label=MARKET, city_line=NO_STATE, hidden_share=0.15, sale_time="11:00 AM ET",
       source="pasco_event_log.csv"),
    _p("pinellas", "52", (1, 2, 3), (1, 30), {
        "34698": "DUNEDIN", "33705": "ST PETERSBURG", "33770": "LARGO", "33763": "CLEARWATER",
        "34683": "PALM HARBOR", "33781": "PINELLAS PARK", "33756": "CLEARWATER", "33702": "ST PETERSBURG"},
       tails={"CA": ("XXCICI",), "CC": ("XXCOCI",)}, parcel_format="pinellas", appraiser_link_share=0.1,
       hidden_share=0.97, source="pinellas_event_log.csv"),
    _p("santa_rosa", "57", (1, 2), (1, 9), {
        "32571": "PACE", "32583": "MILTON", "32566": "NAVARRE", "32570": "MILTON", "32563": "GULF BREEZE",
        "32565": "JAY"},
       tails={"CA": ("CAAXMX",), "CC": ("CCAXMX",)}, parcel_format="santa_rosa", hidden_share=1.0,
       sale_time="11:00 AM", source="santarosa_event_log.csv"),
    _p("seminole", "59", (1, 3), (1, 20), {
        "32779": "LONGWOOD", "32771": "SANFORD", "32792": "WINTER PARK", "32746": "LAKE MARY",
        "32707": "CASSELBERRY", "32708": "WINTER SPRINGS", "32701": "ALTAMONTE SPRINGS", "32773": "SANFORD"},
       case_format="{year}{court}{seq}", parcel_format="seminole", hidden_share=0.97, sale_time="11:00 AM ET",
       source="seminole_event_log.csv"),
    # Citrus's snapshot keeps only "2025" of each case number (a scraper split it at the spaces).
    _p("citrus", "09", (3,), (1, 22), {
        "34429": "CRYSTAL RIVER", "34428": "CRYSTAL RIVER", "34446": "HOMOSASSA", "34448": "HOMOSASSA",
        "34465": "BEVERLY HILLS", "34433": "DUNNELLON", "34434": "CITRUS SPRINGS", "34442": "HERNANDO"},
       case_format="{year} {court} {seq} A", parcel_format="alternate_key", parcel_label="Alternate Key",
       hidden_share=0.08, source="citrus_event_log.csv"),
    _p("miami_dade", "13", (0, 1, 2), (10, 50), {
        "33157": "MIAMI", "33179": "MIAMI", "33015": "MIAMI GARDENS", "33186": "MIAMI", "33032": "HOMESTEAD",
        "33162": "NORTH MIAMI BEACH", "33055": "MIAMI GARDENS", "33141": "MIAMI BEACH", "33012": "HIALEAH",
        "33178": "DORAL"},
       case_format="{year}-{seq}-{court}-{tail}", tails={"CA": ("01",), "CC": ("05",)}, parcel_format="miami_dade",
       appraiser_link_share=3 / 440, hidden_share=413 / 440,
       source="miamidade_auctions_2019-10_with_case_facts.csv"),
    # No capture: the registry's note (Broward) or modelled variants, with the county's own codes and ZIPs.
    _p("broward", "06", (1, 3), (8, 25), {
        "33311": "FORT LAUDERDALE", "33313": "FORT LAUDERDALE", "33319": "FORT LAUDERDALE", "33023": "HOLLYWOOD",
        "33024": "HOLLYWOOD", "33064": "POMPANO BEACH", "33068": "POMPANO BEACH", "33025": "MIRAMAR"},
       value_label=None, hidden_share=0.2, parcel_format="digits12",
       source="fl_realauction_county_registry.csv note: no Assessed Value row, max bid usually shown"),
    _p("alachua", "01", (3,), (2, 10), {"32601": "GAINESVILLE", "32605": "GAINESVILLE", "32607": "GAINESVILLE",
                                       "32641": "GAINESVILLE", "32615": "ALACHUA"}, parcel_format="digits"),
    _p("bay", "03", (3,), (2, 10), {"32401": "PANAMA CITY", "32404": "PANAMA CITY", "32405": "PANAMA CITY",
                                   "32413": "PANAMA CITY BEACH"}, city_line=FL_SPACE),
    _p("calhoun", "07", (2,), (1, 3), {"32421": "ALTHA", "32424": "BLOUNTSTOWN"}),
    _p("charlotte", "08", (3,), (2, 10), {"33948": "PORT CHARLOTTE", "33952": "PORT CHARLOTTE",
                                         "33980": "PORT CHARLOTTE", "33950": "PUNTA GORDA"}, parcel_format="digits"),
    _p("clay", "10", (2,), (2, 10), {"32073": "ORANGE PARK", "32065": "ORANGE PARK", "32068": "MIDDLEBURG",
                                    "32043": "GREEN COVE SPRINGS"}, parcel_format="dotted"),
    _p("escambia", "17", (1,), (2, 12), {"32503": "PENSACOLA", "32505": "PENSACOLA", "32506": "PENSACOLA",
                                        "32526": "PENSACOLA", "32533": "CANTONMENT"}, city_line=NO_STATE),
    _p("flagler", "18", (2,), (1, 6), {"32137": "PALM COAST", "32164": "PALM COAST", "32110": "BUNNELL"}),
    _p("gilchrist", "21", (2,), (1, 3), {"32619": "BELL", "32693": "TRENTON"}),
    _p("gulf", "23", (3,), (1, 3), {"32456": "PORT ST JOE", "32465": "WEWAHITCHKA"}),
    _p("indian_river", "31", (1, 3), (1, 6), {"32960": "VERO BEACH", "32962": "VERO BEACH", "32967": "VERO BEACH",
                                             "32958": "SEBASTIAN"}),
    _p("jackson", "32", (2,), (1, 3), {"32446": "MARIANNA", "32448": "MARIANNA", "32431": "COTTONDALE"}),
    _p("lee", "36", (1, 2, 3), (5, 20), {"33904": "CAPE CORAL", "33909": "CAPE CORAL", "33971": "LEHIGH ACRES",
                                        "33936": "LEHIGH ACRES", "33901": "FORT MYERS", "33905": "FORT MYERS"},
       parcel_format="dotted", city_line=FL_SPACE),
    _p("leon", "37", (3,), (2, 8), {"32301": "TALLAHASSEE", "32303": "TALLAHASSEE", "32304": "TALLAHASSEE",
                                   "32305": "TALLAHASSEE", "32308": "TALLAHASSEE", "32311": "TALLAHASSEE"},
       parcel_format="digits"),
    _p("manatee", "41", (1, 3), (2, 12), {"34205": "BRADENTON", "34207": "BRADENTON", "34208": "BRADENTON",
                                         "34203": "BRADENTON", "34221": "PALMETTO"}, parcel_format="digits"),
    _p("marion", "42", (1, 3), (3, 15), {"34470": "OCALA", "34471": "OCALA", "34472": "OCALA", "34473": "OCALA",
                                        "34480": "OCALA", "34491": "SUMMERFIELD", "34431": "DUNNELLON"},
       parcel_format="parcel_key", parcel_label="Parcel Key"),
    _p("martin", "43", (1, 3), (1, 6), {"34994": "STUART", "34996": "STUART", "34997": "STUART",
                                       "34990": "PALM CITY", "33455": "HOBE SOUND"}),
    _p("nassau", "45", (3,), (1, 4), {"32034": "FERNANDINA BEACH", "32097": "YULEE", "32011": "CALLAHAN"}),
    _p("okeechobee", "47", (2,), (1, 3), {"34972": "OKEECHOBEE", "34974": "OKEECHOBEE"}),
    _p("orange", "48", (1, 2, 3), (8, 25), {"32805": "ORLANDO", "32808": "ORLANDO", "32811": "ORLANDO",
                                           "32818": "ORLANDO", "32822": "ORLANDO", "32839": "ORLANDO",
                                           "34761": "OCOEE", "32703": "APOPKA"}, city_line=FL_SPACE),
    _p("palm_beach", "50", (0, 1, 2, 3), (8, 25), {
        "33407": "WEST PALM BEACH", "33409": "WEST PALM BEACH", "33411": "WEST PALM BEACH", "33415": "WEST PALM BEACH",
        "33417": "WEST PALM BEACH", "33435": "BOYNTON BEACH", "33444": "DELRAY BEACH", "33460": "LAKE WORTH"},
       parcel_format="palm_beach"),
    _p("polk", "53", (1, 3), (5, 20), {"33801": "LAKELAND", "33803": "LAKELAND", "33810": "LAKELAND",
                                      "33880": "WINTER HAVEN", "33881": "WINTER HAVEN", "33837": "DAVENPORT",
                                      "33823": "AUBURNDALE"}, city_line=FL_SPACE),
    _p("putnam", "54", (2,), (1, 4), {"32177": "PALATKA", "32112": "CRESCENT CITY", "32148": "INTERLACHEN"}),
    _p("st_johns", "55", (3,), (1, 6), {"32084": "ST AUGUSTINE", "32086": "ST AUGUSTINE", "32092": "ST AUGUSTINE",
                                       "32259": "SAINT JOHNS"}, parcel_format="digits"),
    _p("sarasota", "58", (1, 2, 3), (3, 15), {"34231": "SARASOTA", "34232": "SARASOTA", "34234": "SARASOTA",
                                             "34293": "VENICE", "34286": "NORTH PORT", "34287": "NORTH PORT"},
       parcel_format="digits", city_line=NO_STATE),
    _p("stlucie", "56", (1, 2), (3, 15), {"34953": "PORT ST LUCIE", "34983": "PORT ST LUCIE",
                                         "34984": "PORT ST LUCIE", "34986": "PORT ST LUCIE", "34950": "FORT PIERCE",
                                         "34946": "FORT PIERCE", "34947": "FORT PIERCE"}, parcel_format="dotted"),
    _p("volusia", "64", (1, 2, 3), (3, 15), {"32114": "DAYTONA BEACH", "32117": "DAYTONA BEACH", "32725": "DELTONA",
                                            "32738": "DELTONA", "32720": "DELAND", "32168": "NEW SMYRNA BEACH",
                                            "32129": "PORT ORANGE"},
       parcel_format="alternate_key", parcel_label="Alternate Key", value_label=MARKET),
    _p("walton", "66", (0,), (1, 4), {"32433": "DEFUNIAK SPRINGS", "32459": "SANTA ROSA BEACH", "32439": "FREEPORT",
                                     "32550": "MIRAMAR BEACH"}),
    _p("washington", "67", (2,), (1, 3), {"32428": "CHIPLEY", "32462": "VERNON"}),
)}
