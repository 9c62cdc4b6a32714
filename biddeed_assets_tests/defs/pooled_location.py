"""A test-local code location: one asset in pool `test_pool` that naps; `python -m` it to run it in process."""

import sys
import time

import dagster as dg

POOL = "test_pool"


class Nap(dg.Config):
    seconds: float = 0.0


@dg.asset(pool=POOL)
def napper(config: Nap) -> None:
    """Holds a slot of the test pool for a while, like a portal fetch holds its portal's pool."""
    time.sleep(config.seconds)


defs = dg.Definitions(assets=[napper])


def main(seconds: float) -> int:
    """One in-process run on $DAGSTER_HOME's instance, the way `biddeed materialize` runs an asset."""
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
            instance=instance, run_config={"ops": {"napper": {"config": {"seconds": seconds}}}},
            raise_on_error=False)
    print(f"run {result.run_id}: {'ok' if result.success else 'FAILED'}", flush=True)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1])))
