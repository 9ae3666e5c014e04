"""The installed client against a sandbox, run by ``test_installed_wheels.py`` with the python of a fresh venv
that holds only the client's wheel and its dependencies (no checkout on its path, no toolkit).

``python client_smoke.py ACCOUNT_SEED.json CARD_SEED.json`` with ``SEQUENCE_BASE_URL``, ``SEQUENCE_API_KEY`` (a
full-access key) and ``SEQUENCE_NO_PERMISSIONS_KEY``. Exits non-zero on the first broken expectation; prints
one JSON line: the versions it ran with and where the client was imported from.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sequence_api_client
from sequence_api_client import AsyncSequence, Sequence, errors
from sequence_api_client.models import CreateTransferRequest

PAY, SAVE = "acc_01HDEF0123", "acc_01HKLM5678"  # the seeds' card account, and the README's savings account


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"client_smoke: {what}")


def expect_error(call: Callable[[], object], expected: type[errors.APIStatusError], body: Any, status: int) -> None:
    """``call`` raises ``expected`` with the seed's error body's code (and message, but for a 404's own id)."""
    try:
        call()
    except expected as exc:
        check(exc.status == status and exc.code == body["error"]["code"], f"{expected.__name__}: {exc!r}")
        check(status == 404 or exc.message == body["error"]["message"], f"{expected.__name__}: {exc.message!r}")
        return
    check(False, f"{expected.__name__} was not raised")


def run_sync(account: list[Any], card: list[Any]) -> None:
    success, unauthorized, forbidden, not_found = account  # the seed page's tabs: 200, 401, 403, 404
    account_id = success["data"]["id"]
    with Sequence() as client:  # key and base URL from the environment
        got = client.get_account(account_id, x_request_id=success["request_id"])
        check(got.to_dict() == success, f"get_account: {got.to_dict()} is not the seed body")
        got_card = client.get_card(card[0]["data"]["id"], x_request_id=card[0]["request_id"])
        check(got_card.to_dict() == card[0], f"get_card: {got_card.to_dict()} is not the seed body")
        everything = [a.id for a in client.list_accounts(first=100)]
        paged = [a.id for a in client.list_accounts(first=2)]
        check(paged == everything and len(paged) > 2, f"pages of 2 give {paged}, one page gives {everything}")
        check(account_id in paged, "the seed account is not listed")
        body = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=101)
        created = client.create_transfer(body=body)
        check(created.data.amount_in_cents == 101 and created.data.status == "processing", f"created {created}")
        expect_error(lambda: client.get_account("acc_01HZZZ9999"), errors.NotFoundError, not_found, 404)
    with Sequence(os.environ["SEQUENCE_NO_PERMISSIONS_KEY"]) as client:
        expect_error(lambda: client.get_account(account_id), errors.PermissionDeniedError, forbidden, 403)
    with Sequence("sk_sandbox_not_a_key") as client:
        expect_error(lambda: client.get_account(account_id), errors.AuthenticationError, unauthorized, 401)


async def run_async(account: list[Any]) -> None:
    success = account[0]
    async with AsyncSequence() as client:
        got = await client.get_account(success["data"]["id"], x_request_id=success["request_id"])
        check(got.to_dict() == success, f"async get_account: {got.to_dict()} is not the seed body")
        check(success["data"]["id"] in [a.id async for a in client.list_accounts(first=2)], "async pages")


def main(argv: list[str]) -> int:
    account, card = (json.loads(Path(path).read_text(encoding="utf-8"))["bodies"] for path in argv[1:3])
    run_sync(account, card)
    asyncio.run(run_async(account))
    used = {name: version(name) for name in ("sequence-api-client", "httpx", "attrs")}
    print(json.dumps({"versions": used, "client": sequence_api_client.__file__}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
