"""Sandbox API keys: hashed at rest, revocable, and the keys file round-trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sequence_toolkit.keysfile import KeysFileError, read_keys_file, write_keys_file
from sequence_toolkit.permissions import PermissionModel
from sequence_toolkit.sandbox.keys import authenticate, create_key, parse_permission_option, revoke_key
from sequence_toolkit.sandbox.seed import ORG_DEMO, seed
from sequence_toolkit.sandbox.store import Store

from ..conftest import BUNDLED


@pytest.fixture
def model() -> PermissionModel:
    return PermissionModel.load(BUNDLED)


@pytest.fixture
def store() -> Store:
    store = Store(":memory:")
    seed(store)
    return store


def test_only_the_hash_is_stored_and_the_secret_authenticates(store: Store, model: PermissionModel) -> None:
    issued = create_key(store, model, ORG_DEMO, "reader", [{"scope": "READ_ACCOUNTS", "resources": ["acc_1"]}])
    dump = "\n".join(str(tuple(r)) for r in store.query("SELECT * FROM api_keys"))
    assert issued.secret not in dump
    key = authenticate(store, model, issued.secret)
    assert key is not None and key.org_id == ORG_DEMO and not key.revoked
    assert key.entries[0].resources == ("acc_1",)
    assert authenticate(store, model, issued.secret + "x") is None


def test_revoked_keys_are_marked(store: Store, model: PermissionModel) -> None:
    issued = create_key(store, model, ORG_DEMO, "temp", [{"scope": "LIST_RULES"}])
    assert revoke_key(store, "temp") == 1
    key = authenticate(store, model, issued.secret)
    assert key is not None and key.revoked


def test_bad_permissions_are_refused(store: Store, model: PermissionModel) -> None:
    with pytest.raises(ValueError, match="unknown scope"):
        create_key(store, model, ORG_DEMO, "bad", [{"scope": "READ_ALL"}])
    with pytest.raises(ValueError, match="no organization"):
        create_key(store, model, "org_nope", "bad", [{"scope": "LIST_RULES"}])


@pytest.mark.parametrize(
    "option, entry",
    [
        ("LIST_RULES", {"scope": "LIST_RULES"}),
        ("READ_ACCOUNTS=acc_1,acc_2", {"scope": "READ_ACCOUNTS", "resources": ["acc_1", "acc_2"]}),
        ("READ_RULES=*", {"scope": "READ_RULES", "resources": "*"}),
        (
            "MANUAL_TRANSFER=acc_1>acc_2:50000,acc_2>acc_1",
            {
                "scope": "MANUAL_TRANSFER",
                "resources": [
                    {"source": "acc_1", "target": "acc_2", "max_amount": 50000},
                    {"source": "acc_2", "target": "acc_1"},
                ],
            },
        ),
    ],
)
def test_permission_options(option: str, entry: dict[str, object]) -> None:
    assert parse_permission_option(option) == entry


def test_keys_file_round_trips_and_errors_name_the_entry(tmp_path: Path, store: Store, model: PermissionModel) -> None:
    path = tmp_path / "keys.yaml"
    issued = [create_key(store, model, ORG_DEMO, "lister", [{"scope": "LIST_ACCOUNTS"}])]
    write_keys_file(path, issued)
    assert read_keys_file(path, model) == [dataclasses.replace(k, id="") for k in issued]  # ids are the server's
    path.write_text("keys:\n  - name: x\n    key: k\n    organization: o\n")
    with pytest.raises(KeysFileError, match=r"keys\[0\]: missing `permissions`"):
        read_keys_file(path, model)
    path.write_text("keys:\n  - {name: x, key: k, organization: o, permissions: [{scope: NOPE}]}\n")
    with pytest.raises(KeysFileError, match=r"keys\[0\] \(x\): unknown scope"):
        read_keys_file(path, model)
    with pytest.raises(KeysFileError, match="no keys file"):
        read_keys_file(tmp_path / "missing.yaml", model)
