"""One project's decision record: its declaration laid against the factors a board weighs.

The factors of the open-versus-closed decision (deployment, control, customisation, privacy
and residency, operational complexity, time to start, upgrades, cost, licence) are data
(`factors.yaml`, described by `factors`); `views` holds the values renderers read; `build`
makes a `DecisionRecord` from a file's pass through the pipeline.
"""

from __future__ import annotations

from checker.record.build import decision_record
from checker.record.factors import factors
from checker.record.views import DecisionRecord, FindingView, ModelView

__all__ = ["DecisionRecord", "FindingView", "ModelView", "decision_record", "factors"]
