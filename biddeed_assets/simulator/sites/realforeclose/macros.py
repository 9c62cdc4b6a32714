"""RealForeclose's @A..@L macro compression of FNC=LOAD's retHTML, the simulator's own table.

The platform's auction.js expands twelve two-character macros in retHTML before it inserts the cards
(the format public scrapers document). The real Hillsborough capture load_area_C_2026-06-05.json and
its expansion load_area_C_2026-06-05.decoded.html show @A @B @C @E @F @G @H @I at work (compressing the
decoded page with this table gives the captured retHTML back, byte for byte: tests/simulator check it);
@D @J @K @L complete the documented table. No expansion contains "@", so the expansion is exact.
"""

from __future__ import annotations

import re

# (macro, the markup it stands for), in the platform's letter order.
TABLE: tuple[tuple[str, str], ...] = (
    ("@A", '<div class="'),
    ("@B", "</div>"),
    ("@C", 'class="'),
    ("@D", "<div>"),
    ("@E", "AUCTION"),
    ("@F", "</td><td"),
    ("@G", "</td></tr>"),
    ("@H", "<tr><td "),
    ("@I", "table"),
    ("@J", 'p_back="NextCheck='),
    ("@K", 'style="Display:none"'),
    ("@L", "/index.cfm?zaction=auction&zmethod=details&AID="),
)

# One pass over the markups, longest first, so a macro's letter never joins later text into another
# macro ('<div class="' is @A, not '<div ' + @C).
_MARKUP = re.compile("|".join(re.escape(markup) for _, markup in sorted(TABLE, key=lambda p: -len(p[1]))))
_MACRO_OF = {markup: macro for macro, markup in TABLE}


def compress(markup: str) -> str:
    """The site's compression of `markup`; expanding it gives `markup` back for any text without '@'."""
    if "@" in markup:
        raise ValueError("markup with a literal '@' cannot be macro-compressed exactly")
    return _MARKUP.sub(lambda m: _MACRO_OF[m.group(0)], markup)
