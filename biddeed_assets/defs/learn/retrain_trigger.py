"""The retrain request's evidence travels in run tags: the sensor writes them, the retrain job records them."""

import json
from collections.abc import Mapping

import dagster as dg

from biddeed_assets.model.drift import RetrainDecision

REASON_TAG = "biddeed/retrain_reason"
EVIDENCE_TAG = "biddeed/retrain_evidence"


def tags_for(decision: RetrainDecision) -> dict[str, str]:
    """The run tags of a retrain request: a short reason for the UI, and the whole evidence as JSON."""
    trigger = {"run_key": decision.run_key, "reason": decision.reason, "evidence": decision.evidence}
    return {REASON_TAG: decision.reason[:200], EVIDENCE_TAG: json.dumps(trigger, default=str)}


def from_tags(tags: Mapping[str, str]) -> dict | None:
    """The trigger (run_key, reason, evidence) of a sensor-requested run; None for a run launched by hand."""
    text = tags.get(EVIDENCE_TAG)
    if not text:
        return None
    try:
        trigger = json.loads(text)
    except ValueError as error:
        raise dg.Failure(f"run tag {EVIDENCE_TAG} is not JSON ({error}); relaunch without it or from the sensor") from None
    if not isinstance(trigger, dict) or not {"run_key", "reason", "evidence"} <= trigger.keys() \
            or not isinstance(trigger["evidence"], dict):
        raise dg.Failure(f"run tag {EVIDENCE_TAG} needs run_key, reason and evidence (an object); got {text[:200]!r}")
    return {"run_key": str(trigger["run_key"]), "reason": str(trigger["reason"]), "evidence": trigger["evidence"]}
