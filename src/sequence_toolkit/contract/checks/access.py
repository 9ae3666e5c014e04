"""Who may call what: keys (401), scopes (403), resources (403 / 404), organizations (404)."""

from __future__ import annotations

import secrets
from typing import Any

from ...keysfile import ApiKey
from ...permissions import WILDCARD, LoadedObject, ManualTransferRule, NoResource, PathParameter, field_value, has_scope
from ..inventory import RESOURCE_KIND_OBJECTS
from ..kit import Kit
from ..responses import error_code

UNAUTHORIZED = {401}


def authentication(kit: Kit, operation_id: str) -> None:
    """No key, another scheme word, a malformed, unknown or revoked key → 401 ``unauthorized``."""
    request = kit.request(operation_id)
    if request is None:
        return
    full = kit.keys.full.secret
    attempts: list[tuple[str, str | None]] = [
        ("no Authorization header", None),
        ("the Bearer scheme word", f"Bearer {full}"),
        ("the scheme word alone", "ApiKey"),
        ("a malformed key", f"ApiKey {full} {full}"),
        ("an unknown key", "ApiKey sk_unknown_" + secrets.token_urlsafe(24)),
    ]
    if kit.keys.revoked is not None:
        attempts.append(("a revoked key", kit.keys.revoked.authorization))
    for what, authorization in attempts:
        response = kit.send(request, authorization)
        kit.expect("authentication", response, operation_id, UNAUTHORIZED, {"unauthorized"}, f"with {what}")


def scope(kit: Kit, operation_id: str) -> None:
    """A key without the operation's scope → 403 ``forbidden`` (the no-permissions key, and every narrow
    key that lacks the scope)."""
    permission = kit.permission(operation_id)
    request = kit.request(operation_id)
    if request is None:
        return
    for key in (kit.keys.none, *kit.keys.narrow):
        if not has_scope(permission, key.entries):
            response = kit.send(request, key.authorization)
            why = f"key {key.name!r} has no {permission.scope.name}"
            kit.expect("scope", response, operation_id, {403}, {"forbidden"}, why)


def _candidates(kit: Kit, operation_id: str, inventory: Any) -> list[tuple[str, dict[str, Any] | None, set[str]]]:
    """(id to request, loaded object, the resource ids it stands for) for each object of the operation."""
    permission = kit.permission(operation_id)
    check = permission.check
    if isinstance(check, LoadedObject):
        return [(o["id"], o, set(permission.resource_ids(loaded=o))) for o in inventory.of(check.object)]
    kind = RESOURCE_KIND_OBJECTS[permission.scope.resource_kind]
    return [(rid, None, {rid}) for rid in inventory.ids(kind)]


def resource_scope(kit: Kit, operation_id: str) -> None:
    """A key with the scope but bound to other resources → 403; with its resource → not 403.

    Also: each field a loaded-object check lists grants on its own; a different spelling of a held id is
    another id (400 or 403/404, never served); and a resource the key does not hold answers the same
    whether it exists in this organization, in another one, or nowhere (no existence oracle)."""
    permission = kit.permission(operation_id)
    check = permission.check
    if isinstance(check, NoResource | ManualTransferRule):
        return
    for key in kit.keys.narrow:
        entry = key.entry(permission.scope.name)
        if entry is None or WILDCARD in entry.resources:
            continue
        held = set(entry.resources)
        where = f"key {key.name!r} ({permission.scope.name} on {', '.join(entry.resources)})"
        candidates = _candidates(kit, operation_id, kit.inventory)
        granted = [c for c in candidates if c[2] & held]
        others = [c for c in candidates if not c[2] & held]
        if isinstance(check, LoadedObject) and len(check.fields) > 1:
            granted = _one_per_field(kit, key, check, held, granted, operation_id)
        for ident, obj, _ in granted[:1] if not isinstance(check, LoadedObject) else granted:
            response = kit.send(_request(kit, operation_id, ident, obj), key.authorization)
            kit.record.ran(operation_id, "resource_scope")
            if response.status_code == 403 and error_code(kit.json(response)) == "forbidden":
                kit.fail("resource_scope", operation_id, f"{where} was refused its own resource {ident}", response)
        if others:
            ident, obj, ids = others[0]
            response = kit.send(_request(kit, operation_id, ident, obj), key.authorization)
            why = f"{where} reached {', '.join(sorted(ids)) or ident}, which it does not hold"
            kit.expect("resource_scope", response, operation_id, {403}, {"forbidden"}, why)
        _no_existence_oracle(kit, operation_id, key, held, where)
        if not isinstance(check, LoadedObject) and granted:
            _spellings(kit, operation_id, key, granted[0][0], where)


def _request(kit: Kit, operation_id: str, ident: str, obj: dict[str, Any] | None) -> Any:
    request = kit.request(operation_id, resource=ident, obj=obj)
    assert request is not None
    return request


def _one_per_field(
    kit: Kit, key: ApiKey, check: LoadedObject, held: set[str], granted: list[Any], operation_id: str
) -> list[Any]:
    """For each field of the check, an object whose held id is in that field only."""
    chosen = []
    for field in check.fields:
        match = next(
            (
                c
                for c in granted
                if field_value(c[1], field) in held
                and not any(field_value(c[1], other) in held for other in check.fields if other != field)
            ),
            None,
        )
        if match is None:
            kit.record.gap(f"{operation_id}: no object whose `{field}` alone is held by key {key.name!r}")
        else:
            chosen.append(match)
    return chosen


def _missing_id(like: str) -> str:
    """An id of the same shape that no server holds."""
    prefix = like.split("_", 1)[0] + "_" if "_" in like else ""
    return prefix + "ZZ" + secrets.token_hex(6).upper()


def _no_existence_oracle(kit: Kit, operation_id: str, key: ApiKey, held: set[str], where: str) -> None:
    """Not-held ids of this organization, another one, and none must get the same answer."""
    mine = [c for c in _candidates(kit, operation_id, kit.inventory) if not c[2] & held]
    theirs = _candidates(kit, operation_id, kit.other_inventory)
    sample = (mine or theirs)[0][0] if (mine or theirs) else None
    if sample is None:
        return
    probes = [("an id that exists nowhere", _missing_id(sample))]
    if theirs:
        probes.append(("another organization's id", theirs[0][0]))
    if mine and not isinstance(kit.permission(operation_id).check, LoadedObject):
        probes.append(("an id of this organization it does not hold", mine[0][0]))
    answers: list[tuple[str, Any, Any]] = []
    for what, ident in probes:
        response = kit.send(_request(kit, operation_id, ident, {"id": ident}), key.authorization)
        answers.append((what, (response.status_code, error_code(kit.json(response))), response))
    kit.record.ran(operation_id, "resource_scope")
    first = answers[0]
    for what, answer, response in answers[1:]:
        if answer != first[1]:
            kit.fail(
                "resource_scope",
                operation_id,
                f"{where}: {what} answered {answer[0]} {answer[1] or ''} but {first[0]} answered "
                f"{first[1][0]} {first[1][1] or ''}: the difference tells whether a resource exists",
                response,
            )


def _spellings(kit: Kit, operation_id: str, key: ApiKey, held_id: str, where: str) -> None:
    """Case and white-space variants of a held id are other ids: 400 or 403, never the resource."""
    variants = {held_id.upper(), held_id.lower(), held_id.swapcase(), f"{held_id} ", f" {held_id}"} - {held_id}
    for variant in sorted(variants):
        response = kit.send(_request(kit, operation_id, variant, None), key.authorization)
        why = f"{where} asked for {variant!r}, a different spelling of {held_id!r}"
        kit.expect("resource_scope", response, operation_id, {400, 403}, {"invalid_parameters", "forbidden"}, why)


def organization_isolation(kit: Kit, operation_id: str) -> None:
    """Another organization's key asking for this organization's resources → 404 ``resource_not_found``."""
    other = kit.keys.other_org
    permission = kit.permission(operation_id)
    if other is None or not isinstance(permission.check, PathParameter | LoadedObject):
        return
    if not has_scope(permission, other.entries):
        return
    request = kit.request(operation_id)
    if request is None:
        return
    response = kit.send(request, other.authorization)
    why = f"key {other.name!r} of {other.org_id} asked for a resource of {kit.keys.full.org_id}"
    kit.expect("organization_isolation", response, operation_id, {404}, {"resource_not_found"}, why)
