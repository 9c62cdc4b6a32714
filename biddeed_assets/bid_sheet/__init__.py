"""The bid sheet: the rows a recommendation makes, and their formats (table, csv, md, html)."""
