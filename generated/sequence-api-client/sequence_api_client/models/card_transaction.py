from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.card_transaction_direction import CardTransactionDirection, check_card_transaction_direction
from ..models.card_transaction_status import CardTransactionStatus, check_card_transaction_status

T = TypeVar("T", bound="CardTransaction")


@_attrs_define
class CardTransaction:
    """A purchase or refund on a card."""

    id: str
    """ The card transaction ID. """
    card_id: str
    """ The card the transaction was made with. """
    direction: CardTransactionDirection
    """ A purchase (debit) or a refund (credit). """
    amount_in_cents: int
    """ The amount, in cents. """
    description: str
    """ The merchant's description. """
    status: CardTransactionStatus
    """ Whether the transaction has settled. """
    created_at: datetime.datetime
    """ When the transaction was made (UTC). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        card_id = self.card_id

        direction: str = self.direction

        amount_in_cents = self.amount_in_cents

        description = self.description

        status: str = self.status

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "card_id": card_id,
                "direction": direction,
                "amount_in_cents": amount_in_cents,
                "description": description,
                "status": status,
                "created_at": created_at,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        card_id = d.pop("card_id")

        direction = check_card_transaction_direction(d.pop("direction"))

        amount_in_cents = d.pop("amount_in_cents")

        description = d.pop("description")

        status = check_card_transaction_status(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        card_transaction = cls(
            id=id,
            card_id=card_id,
            direction=direction,
            amount_in_cents=amount_in_cents,
            description=description,
            status=status,
            created_at=created_at,
        )

        card_transaction.additional_properties = d
        return card_transaction

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
