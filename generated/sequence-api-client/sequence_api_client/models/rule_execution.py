from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._runtime._open import UnknownVariant
from ..models.rule_execution_status import RuleExecutionStatus, check_rule_execution_status
from ..models.trigger_type import TriggerType, check_trigger_type

if TYPE_CHECKING:
    from ..models.manual_trigger_details import ManualTriggerDetails
    from ..models.on_funds_transferred_trigger_details import OnFundsTransferredTriggerDetails
    from ..models.scheduled_trigger_details import ScheduledTriggerDetails


T = TypeVar("T", bound="RuleExecution")


@_attrs_define
class RuleExecution:
    """One run of a rule and its outcome."""

    id: str
    """ The rule execution ID. """
    rule_id: str
    """ The rule that ran. """
    rule_name: str
    """ The rule's nickname when it ran. """
    trigger_type: TriggerType
    """ What starts a rule. """
    status: RuleExecutionStatus
    """ Where a run stands: still running, done with every transfer made, done with some failed, or failed. """
    trigger_details: ManualTriggerDetails | OnFundsTransferredTriggerDetails | ScheduledTriggerDetails | UnknownVariant
    """ What started the run, one of by `type`. """
    step_index_matched: int | None
    """ The zero-based index of the step whose conditions held, or null if none did (or not yet known). """
    conditions_not_met: bool
    """ True when no step's conditions held, so nothing ran. """
    transfers_attempted: int
    """ How many transfers the run started. """
    transfers_completed: int
    """ How many of them completed. """
    transfers_failed: int
    """ How many of them failed. """
    transfers_pending: int
    """ How many of them are still in flight. """
    transfer_ids: list[str]
    """ The IDs of the transfers the run started. """
    error_message: None | str
    """ Why the run failed, or null. """
    created_at: datetime.datetime
    """ When the run started (UTC). """
    completed_at: datetime.datetime | None
    """ When the run finished (UTC), or null while in progress. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.manual_trigger_details import ManualTriggerDetails  # noqa: PLC0415
        from ..models.scheduled_trigger_details import ScheduledTriggerDetails  # noqa: PLC0415

        id = self.id

        rule_id = self.rule_id

        rule_name = self.rule_name

        trigger_type: str = self.trigger_type

        status: str = self.status

        trigger_details: dict[str, Any]
        if isinstance(self.trigger_details, UnknownVariant):
            trigger_details = self.trigger_details.to_dict()
        elif isinstance(self.trigger_details, ManualTriggerDetails):
            trigger_details = self.trigger_details.to_dict()
        elif isinstance(self.trigger_details, ScheduledTriggerDetails):
            trigger_details = self.trigger_details.to_dict()
        else:
            trigger_details = self.trigger_details.to_dict()

        step_index_matched: int | None
        step_index_matched = self.step_index_matched

        conditions_not_met = self.conditions_not_met

        transfers_attempted = self.transfers_attempted

        transfers_completed = self.transfers_completed

        transfers_failed = self.transfers_failed

        transfers_pending = self.transfers_pending

        transfer_ids = self.transfer_ids

        error_message: None | str
        error_message = self.error_message

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat().replace("+00:00", "Z")
        else:
            completed_at = self.completed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "rule_id": rule_id,
                "rule_name": rule_name,
                "trigger_type": trigger_type,
                "status": status,
                "trigger_details": trigger_details,
                "step_index_matched": step_index_matched,
                "conditions_not_met": conditions_not_met,
                "transfers_attempted": transfers_attempted,
                "transfers_completed": transfers_completed,
                "transfers_failed": transfers_failed,
                "transfers_pending": transfers_pending,
                "transfer_ids": transfer_ids,
                "error_message": error_message,
                "created_at": created_at,
                "completed_at": completed_at,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.manual_trigger_details import ManualTriggerDetails  # noqa: PLC0415
        from ..models.on_funds_transferred_trigger_details import OnFundsTransferredTriggerDetails  # noqa: PLC0415
        from ..models.scheduled_trigger_details import ScheduledTriggerDetails  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        rule_id = d.pop("rule_id")

        rule_name = d.pop("rule_name")

        trigger_type = check_trigger_type(d.pop("trigger_type"))

        status = check_rule_execution_status(d.pop("status"))

        def _parse_trigger_details(
            data: object,
        ) -> ManualTriggerDetails | OnFundsTransferredTriggerDetails | ScheduledTriggerDetails | UnknownVariant:
            if not isinstance(data, dict):
                raise TypeError(f"trigger_details: expected an object, got {type(data).__name__}")
            tag = data.get("type")
            if tag == "manual":
                return ManualTriggerDetails.from_dict(data)
            if tag == "scheduled":
                return ScheduledTriggerDetails.from_dict(data)
            if tag == "on_funds_transferred":
                return OnFundsTransferredTriggerDetails.from_dict(data)
            return UnknownVariant(data)

        trigger_details = _parse_trigger_details(d.pop("trigger_details"))

        def _parse_step_index_matched(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step_index_matched = _parse_step_index_matched(d.pop("step_index_matched"))

        conditions_not_met = d.pop("conditions_not_met")

        transfers_attempted = d.pop("transfers_attempted")

        transfers_completed = d.pop("transfers_completed")

        transfers_failed = d.pop("transfers_failed")

        transfers_pending = d.pop("transfers_pending")

        transfer_ids = cast(list[str], d.pop("transfer_ids"))

        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("error_message"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        rule_execution = cls(
            id=id,
            rule_id=rule_id,
            rule_name=rule_name,
            trigger_type=trigger_type,
            status=status,
            trigger_details=trigger_details,
            step_index_matched=step_index_matched,
            conditions_not_met=conditions_not_met,
            transfers_attempted=transfers_attempted,
            transfers_completed=transfers_completed,
            transfers_failed=transfers_failed,
            transfers_pending=transfers_pending,
            transfer_ids=transfer_ids,
            error_message=error_message,
            created_at=created_at,
            completed_at=completed_at,
        )

        rule_execution.additional_properties = d
        return rule_execution

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
