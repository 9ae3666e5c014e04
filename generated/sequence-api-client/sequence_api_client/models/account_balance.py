from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountBalance")


@_attrs_define
class AccountBalance:
    """An account's current balance, in cents."""

    balance_in_cents: int
    """ The current balance in cents; for a liability, the amount owed. """
    available_balance_in_cents: int | None
    """ The balance available to spend or move, in cents, where the institution reports one; else null. """
    last_statement_balance_in_cents: int | None
    """ For a liability, the balance of the last statement in cents; else null. """
    next_payment_minimum_in_cents: int | None
    """ For a liability, the minimum next payment in cents; else null. """
    next_payment_due_date: datetime.date | None
    """ For a liability, the date the next payment is due (YYYY-MM-DD); else null. """
    balance_last_updated_at: datetime.datetime | None
    """ When the balance was last refreshed (UTC), or null if never. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_in_cents = self.balance_in_cents

        available_balance_in_cents: int | None
        available_balance_in_cents = self.available_balance_in_cents

        last_statement_balance_in_cents: int | None
        last_statement_balance_in_cents = self.last_statement_balance_in_cents

        next_payment_minimum_in_cents: int | None
        next_payment_minimum_in_cents = self.next_payment_minimum_in_cents

        next_payment_due_date: None | str
        if isinstance(self.next_payment_due_date, datetime.date):
            next_payment_due_date = self.next_payment_due_date.isoformat()
        else:
            next_payment_due_date = self.next_payment_due_date

        balance_last_updated_at: None | str
        if isinstance(self.balance_last_updated_at, datetime.datetime):
            balance_last_updated_at = self.balance_last_updated_at.isoformat().replace("+00:00", "Z")
        else:
            balance_last_updated_at = self.balance_last_updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance_in_cents": balance_in_cents,
                "available_balance_in_cents": available_balance_in_cents,
                "last_statement_balance_in_cents": last_statement_balance_in_cents,
                "next_payment_minimum_in_cents": next_payment_minimum_in_cents,
                "next_payment_due_date": next_payment_due_date,
                "balance_last_updated_at": balance_last_updated_at,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balance_in_cents = d.pop("balance_in_cents")

        def _parse_available_balance_in_cents(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        available_balance_in_cents = _parse_available_balance_in_cents(d.pop("available_balance_in_cents"))

        def _parse_last_statement_balance_in_cents(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_statement_balance_in_cents = _parse_last_statement_balance_in_cents(
            d.pop("last_statement_balance_in_cents")
        )

        def _parse_next_payment_minimum_in_cents(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_payment_minimum_in_cents = _parse_next_payment_minimum_in_cents(d.pop("next_payment_minimum_in_cents"))

        def _parse_next_payment_due_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_payment_due_date_type_0 = datetime.date.fromisoformat(data)

                return next_payment_due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        next_payment_due_date = _parse_next_payment_due_date(d.pop("next_payment_due_date"))

        def _parse_balance_last_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                balance_last_updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return balance_last_updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        balance_last_updated_at = _parse_balance_last_updated_at(d.pop("balance_last_updated_at"))

        account_balance = cls(
            balance_in_cents=balance_in_cents,
            available_balance_in_cents=available_balance_in_cents,
            last_statement_balance_in_cents=last_statement_balance_in_cents,
            next_payment_minimum_in_cents=next_payment_minimum_in_cents,
            next_payment_due_date=next_payment_due_date,
            balance_last_updated_at=balance_last_updated_at,
        )

        account_balance.additional_properties = d
        return account_balance

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
