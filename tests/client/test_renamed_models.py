"""A schema renamed in the spec keeps its former name in the client, as a deprecated alias."""

from __future__ import annotations

from sequence_api_client import models


def test_trigger_rule_result_is_an_alias_of_triggered_execution() -> None:
    # renamed in 1.2.0 (client/CHANGELOG.md): orval's `TriggerRuleResult` alias of triggerRule's result collided
    assert models.TriggerRuleResult is models.TriggeredExecution
    assert "TriggerRuleResult" in models.__all__
    parsed = models.TriggerRuleResult.from_dict({"execution_id": "rex_01HMNO6789"})
    assert isinstance(parsed, models.TriggeredExecution) and parsed.execution_id == "rex_01HMNO6789"
