from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.condition import Condition


T = TypeVar("T", bound="SingleCondition")


@_attrs_define
class SingleCondition:
    """A chainable condition holding one condition."""

    condition: Condition
    """ A comparison of a fact with a value (or with another fact). """

    def to_dict(self) -> dict[str, Any]:
        condition = self.condition.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "condition": condition,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition import Condition  # noqa: PLC0415

        d = dict(src_dict)
        condition = Condition.from_dict(d.pop("condition"))

        single_condition = cls(
            condition=condition,
        )

        return single_condition
