"""The Dagster code location: everything under defs/."""

from pathlib import Path

import dagster as dg

from biddeed_assets.defs.code_versions import with_code_versions


@dg.definitions
def defs() -> dg.Definitions:
    return with_code_versions(dg.load_from_defs_folder(path_within_project=Path(__file__).parent))
