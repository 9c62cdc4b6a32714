"""Asset metadata helpers: a PNG plot shown inline in the Dagster UI."""

import base64

import dagster as dg


def png_md(png: bytes, alt: str) -> dg.MetadataValue:
    """The PNG as markdown metadata with a data-URI image (the UI's markdown renderer allows data: images)."""
    return dg.MetadataValue.md(f"![{alt}](data:image/png;base64,{base64.b64encode(png).decode()})")
