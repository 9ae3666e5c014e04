"""List operations: what a page holds (only the organization's items, only those the filter names) and how
pages follow each other."""

from __future__ import annotations

import secrets

from ...permissions import QueryParameter, field_value
from ..inventory import LISTINGS, RESOURCE_KIND_OBJECTS
from ..kit import Kit, Request


def _listed(kit: Kit, operation_id: str) -> str | None:
    return next((kind for kind, listing, _, _ in LISTINGS if listing == operation_id), None)


def list_isolation(kit: Kit, operation_id: str) -> None:
    """A list holds only the key's organization's items; a required filter's id is in one of the fields the
    permission extension names on every item; filtering on another organization's resource shows none of it."""
    kind = _listed(kit, operation_id)
    request = kit.request(operation_id)
    if kind is None or request is None:
        return
    theirs = set(kit.other_inventory.ids(kind))
    mine = set(kit.inventory.ids(kind))
    leaked = sorted(mine & theirs)
    kit.record.ran(operation_id, "list_isolation")
    if leaked:
        kit.fail(
            "list_isolation",
            operation_id,
            f"{kind} {', '.join(leaked[:5])} listed to the keys of both {kit.keys.full.org_id} and "
            f"{kit.keys.other_org.org_id if kit.keys.other_org else 'another organization'}",
        )
    permission = kit.permission(operation_id)
    check = permission.check
    if not isinstance(check, QueryParameter):
        return
    resource_kind = RESOURCE_KIND_OBJECTS[permission.scope.resource_kind]
    for resource in kit.inventory.ids(resource_kind)[:3]:
        for item, response in kit.list_items(operation_id, **{**request.params, check.parameter: resource}):
            if check.fields and resource not in {field_value(item, f) for f in check.fields}:
                kit.fail(
                    "list_isolation",
                    operation_id,
                    f"{check.parameter}={resource} listed {item.get('id')}, whose "
                    f"{' / '.join(check.fields)} is not {resource}: the filter is ignored",
                    response,
                )
                break
    for resource in kit.other_inventory.ids(resource_kind)[:2]:
        for item, response in kit.list_items(operation_id, **{**request.params, check.parameter: resource}):
            if item.get("id") not in mine:
                kit.fail(
                    "list_isolation",
                    operation_id,
                    f"{check.parameter}={resource} (another organization's) listed its {kind} {item.get('id')}",
                    response,
                )
                break


def pagination(kit: Kit, operation_id: str) -> None:
    """Following ``end_cursor`` until ``has_next_page`` is false visits each item once and honours ``first``;
    every next page answers 200; ``first`` outside 1..100 and a cursor the API never returned are 400."""
    request = kit.request(operation_id)
    if not kit.spec.operation(operation_id).paginated or request is None:
        return
    everything = _walk_pages(kit, request, 100)
    if everything is None:
        return
    size = 2 if len(everything) > 2 else 1
    paged = _walk_pages(kit, request, size)
    kit.record.ran(operation_id, "pagination")
    if paged is not None and paged != everything:
        repeated = sorted({i for i in paged if paged.count(i) > 1})
        missing = sorted(set(everything) - set(paged))
        kit.fail(
            "pagination",
            operation_id,
            f"pages of {size} differ from one page of 100: repeated {repeated}, missing {missing}, "
            f"order {'differs' if not repeated and not missing else 'n/a'}",
        )
    for params, why in (
        ({**request.params, "first": 0}, "first=0"),
        ({**request.params, "first": 101}, "first=101"),
        ({**request.params, "after": "not-a-cursor-" + secrets.token_hex(4)}, "a cursor the API never returned"),
    ):
        response = kit.send(request, kit.keys.full.authorization, params=params)
        kit.expect("pagination", response, operation_id, {400}, {"invalid_parameters"}, why)


def _walk_pages(kit: Kit, request: Request, first: int) -> list[str] | None:
    """The ids of every page of ``first``; None (and a failure when it was not the first page) on a non-200."""
    ids: list[str] = []
    after = None
    for number in range(1000):
        params = {**request.params, "first": first, **({"after": after} if after else {})}
        response = kit.send(request, kit.keys.full.authorization, params=params)
        body = kit.json(response)
        if response.status_code != 200 or not isinstance(body, dict):
            if number:
                why = f"page {number + 1} (first={first}, after the previous page's end_cursor)"
                kit.expect("pagination", response, request.operation_id, {200}, None, why)
            return None
        data = body.get("data", [])
        if len(data) > first:
            kit.fail("pagination", request.operation_id, f"first={first} returned {len(data)} items", response)
        ids += [item["id"] for item in data]
        info = body.get("page_info", {})
        after = info.get("end_cursor")
        if not info.get("has_next_page"):
            return ids
        if not after:
            kit.fail("pagination", request.operation_id, "has_next_page is true but end_cursor is null", response)
            return ids
    kit.fail("pagination", request.operation_id, f"still has_next_page after 1000 pages of {first}")
    return None
