from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transfer_direction import TransferDirection, check_transfer_direction
from ..models.transfer_error_code import TransferErrorCode, check_transfer_error_code
from ..models.transfer_origin import TransferOrigin, check_transfer_origin
from ..models.transfer_status import TransferStatus, check_transfer_status

if TYPE_CHECKING:
    from ..models.account_ref import AccountRef


T = TypeVar("T", bound="Transfer")


@_attrs_define
class Transfer:
    """A movement of money between two accounts."""

    id: str
    """ The transfer ID. """
    amount_in_cents: int
    """ The amount moved, in cents. """
    direction: TransferDirection
    """ Whether money enters the organization, leaves it, or moves between its own accounts. """
    origin: TransferOrigin
    """ What started the transfer. """
    status: TransferStatus
    """ Where the transfer stands. `complete`, `incomplete`, `error` and `cancelled` are final. """
    source: AccountRef
    """ A short reference to an account. """
    destination: AccountRef
    """ A short reference to an account. """
    description: None | str
    """ A free-text description, or null. """
    rule_id: None | str
    """ The rule that made the transfer, or null. """
    rule_execution_id: None | str
    """ The rule execution that made the transfer, or null. """
    error_code: None | TransferErrorCode
    """ Why the transfer failed when its status is `error`; else null. """
    created_at: datetime.datetime
    """ When the transfer was created (UTC). """
    completed_at: datetime.datetime | None
    """ When the transfer reached a final status (UTC), or null. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        amount_in_cents = self.amount_in_cents

        direction: str = self.direction

        origin: str = self.origin

        status: str = self.status

        source = self.source.to_dict()

        destination = self.destination.to_dict()

        description: None | str
        description = self.description

        rule_id: None | str
        rule_id = self.rule_id

        rule_execution_id: None | str
        rule_execution_id = self.rule_execution_id

        error_code: None | str
        if isinstance(self.error_code, str):
            error_code = self.error_code
        else:
            error_code = self.error_code

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
                "amount_in_cents": amount_in_cents,
                "direction": direction,
                "origin": origin,
                "status": status,
                "source": source,
                "destination": destination,
                "description": description,
                "rule_id": rule_id,
                "rule_execution_id": rule_execution_id,
                "error_code": error_code,
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
        from ..models.account_ref import AccountRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        amount_in_cents = d.pop("amount_in_cents")

        direction = check_transfer_direction(d.pop("direction"))

        origin = check_transfer_origin(d.pop("origin"))

        status = check_transfer_status(d.pop("status"))

        source = AccountRef.from_dict(d.pop("source"))

        destination = AccountRef.from_dict(d.pop("destination"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_rule_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        def _parse_rule_execution_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_execution_id = _parse_rule_execution_id(d.pop("rule_execution_id"))

        def _parse_error_code(data: object) -> None | TransferErrorCode:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                error_code_type_0 = check_transfer_error_code(data)

                return error_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransferErrorCode, data)

        error_code = _parse_error_code(d.pop("error_code"))

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

        transfer = cls(
            id=id,
            amount_in_cents=amount_in_cents,
            direction=direction,
            origin=origin,
            status=status,
            source=source,
            destination=destination,
            description=description,
            rule_id=rule_id,
            rule_execution_id=rule_execution_id,
            error_code=error_code,
            created_at=created_at,
            completed_at=completed_at,
        )

        transfer.additional_properties = d
        return transfer

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
