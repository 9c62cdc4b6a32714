"""The simulated RealForeclose county sites: styles, macro compression, cards, pages, items, sessions, site."""
