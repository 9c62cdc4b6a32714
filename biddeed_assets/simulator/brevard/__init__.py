"""What Brevard's county offices know about a simulated case: pure views of its truth, no page markup.

Every detail the truth does not fix (deed books, subdivision names, buyers, docket filings...) comes from
its own seeded stream per case or parcel, so a view, and each page printed from it, is the same on every
request. The sites under simulator/sites print these views in each office's real format.
"""
