from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .._runtime._open import UnknownVariant

if TYPE_CHECKING:
    from ..models.all_condition import AllCondition
    from ..models.single_condition import SingleCondition


T = TypeVar("T", bound="AnyCondition")


@_attrs_define
class AnyCondition:
    """A chainable condition that holds when any of its members holds."""

    any_: list[AllCondition | AnyCondition | SingleCondition | UnknownVariant]
    """ The members, nesting allowed. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.single_condition import SingleCondition  # noqa: PLC0415

        any_ = []
        for any_item_data in self.any_:
            any_item: dict[str, Any]
            if isinstance(any_item_data, UnknownVariant):
                any_item = any_item_data.to_dict()
            elif isinstance(any_item_data, SingleCondition):
                any_item = any_item_data.to_dict()
            elif isinstance(any_item_data, AnyCondition):
                any_item = any_item_data.to_dict()
            else:
                any_item = any_item_data.to_dict()

            any_.append(any_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "any": any_,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.all_condition import AllCondition  # noqa: PLC0415
        from ..models.single_condition import SingleCondition  # noqa: PLC0415

        d = dict(src_dict)
        any_ = []
        _any_ = d.pop("any")
        for any_item_data in _any_:

            def _parse_any_item(data: object) -> AllCondition | AnyCondition | SingleCondition | UnknownVariant:
                if not isinstance(data, dict):
                    raise TypeError(f"any_item: expected an object, got {type(data).__name__}")
                try:
                    return SingleCondition.from_dict(data)
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    return AnyCondition.from_dict(data)
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    return AllCondition.from_dict(data)
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return UnknownVariant(data)

            any_item = _parse_any_item(any_item_data)

            any_.append(any_item)

        any_condition = cls(
            any_=any_,
        )

        return any_condition
