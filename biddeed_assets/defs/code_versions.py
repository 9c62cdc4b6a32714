"""Code versions: every asset without a declared one gets the hash of the module that defines it."""

import hashlib
import inspect
import warnings
from pathlib import Path

import dagster as dg


def module_version(assets_def: dg.AssetsDefinition) -> str | None:
    """The first 12 hex digits of the sha256 of the asset function's source file (None when it has none)."""
    try:
        # unwrap: a decorator such as defs/tracing.py's `traced` lives in another module than the asset
        path = inspect.getsourcefile(inspect.unwrap(assets_def.op.compute_fn.decorated_fn))
    except (AttributeError, TypeError):
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12] if path else None


def files_version(*modules) -> str:
    """The first 12 hex digits of the sha256 of the modules' source files, in order: an asset whose body lives
    in several modules (a stage of a multi-asset) declares this as its code version."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(inspect.getsourcefile(module)).read_bytes())
    return digest.hexdigest()[:12]


def with_code_versions(defs: dg.Definitions) -> dg.Definitions:
    """The definitions with each asset's code version set, so the UI and data_versions show what code made a partition.

    Editing an asset's module changes its version; a change only in the rules or the store it calls does
    not (declare `code_version=` on the asset when that matters).
    """
    versions = {}
    for assets_def in defs.assets or []:
        if isinstance(assets_def, dg.AssetsDefinition) and assets_def.is_executable:
            version = module_version(assets_def)
            versions.update({key: version for key in assets_def.keys if version})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)  # map_asset_specs is the documented way to do this
        return defs.map_asset_specs(func=lambda spec: spec if spec.code_version or spec.key not in versions
                                    else spec.replace_attributes(code_version=versions[spec.key]))
