"""Before `materialize` fetches from the county sites: say which, and fail in seconds when they cannot be reached."""

from __future__ import annotations

import os

import dagster as dg

from biddeed_assets.app.arguments import say
from biddeed_assets.portals import reachability, sources


class SitesUnreachable(RuntimeError):
    """A site the run would fetch from accepts no connection: the run would only spend minutes retrying."""


def portal_urls(asset: dg.AssetsDefinition, counties: list[str], name: str | None = None) -> list[str]:
    """The base URL of every portal the asset `name` (default: the definition's one asset) fetches from in these
    counties (none for an asset that fetches nothing)."""
    from biddeed_assets.defs.ingest.case_intake import INTAKE_SOURCES
    from biddeed_assets.defs.resources import PORTALS, PortalResource

    needed = {key.removesuffix("_portal") for key in asset.required_resource_keys if key.endswith("_portal")}
    if not needed:  # an asset that fetches nothing, one of a multi-asset's (case_analysis) among them
        return []
    name = name or asset.key.to_user_string()
    urls = []
    for county in counties:
        found = sources.for_county(county)
        used = set()
        for kind in INTAKE_SOURCES.get(name, sources.SOURCE_KINDS):
            source = getattr(found, kind)
            used |= set(getattr(source, "portals", None) or [getattr(source, "portal", None)]) - {None}
        for name in sorted(needed & used):
            env, default = PORTALS[name]
            urls.append(PortalResource(name=name, base_url=os.environ.get(env) or default).url_for(county))
    return urls


def check(asset: dg.AssetsDefinition, counties: list[str], name: str | None = None) -> None:
    """Say (stderr) which sites the run is about to contact; SitesUnreachable when any accepts no connection."""
    urls = portal_urls(asset, counties, name)
    if not urls:
        return
    hosts = sorted({"{}:{}".format(*reachability.host_port(url)) for url in urls})
    live = not all(reachability.is_loopback(url) for url in urls)
    say(f"about to contact the {'live county sites' if live else 'portals'}: {', '.join(hosts)}"
        + (" (--simulator URL uses a running `biddeed simulate` instead)" if live else ""))
    failed = reachability.unreachable(urls)
    if failed:
        raise SitesUnreachable(
            "cannot reach " + "; ".join(f"{host} ({why})" for host, why in failed.items())
            + ": nothing was materialized"
            + (" (offline? `--simulator URL` uses the simulator)" if live else ""))
