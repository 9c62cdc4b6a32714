"""The simulated county web sites, one module per site: its page templates and its routes.

Each site prints the world in the real site's format from its own templates (never the project's
parsers), so reading a page back with a parser tests the parser against an independent page.
"""
