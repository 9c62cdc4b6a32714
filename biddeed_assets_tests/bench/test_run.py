"""`biddeed bench` prints one JSON line per figure, with the conditions a figure reports."""

import json

from biddeed_assets.bench import run


def test_a_figure_s_conditions_ride_on_its_json_line(monkeypatch):
    monkeypatch.setitem(run.BENCHES, "fake", lambda: iter([
        ("plain_s", 1.5, "s"), ("statewide_s", 30.0, "s", {"requests": 1200, "politeness": {"min_interval_s": 0}})]))
    lines = [json.loads(line) for line in run.run(["fake"])]
    assert lines == [{"bench": "plain_s", "value": 1.5, "unit": "s"},
                     {"bench": "statewide_s", "value": 30.0, "unit": "s", "requests": 1200,
                      "politeness": {"min_interval_s": 0}}]
