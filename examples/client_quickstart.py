"""Quick start for sequence-api-client: read, page, move money, handle errors; sync and async.

Run with SEQUENCE_API_KEY (and SEQUENCE_BASE_URL for the sandbox) set:
    python examples/client_quickstart.py acc_SOURCE acc_DESTINATION
It is type-checked with mypy --strict as part of `make test`.
"""

from __future__ import annotations

import asyncio
import sys
from typing import assert_never

from sequence_api_client import AsyncSequence, RetryPolicy, Sequence, UnknownValue, errors
from sequence_api_client.models import Account, CreateTransferRequest


def kind(account: Account) -> str:
    """Open enums stay typed: mypy --strict checks that this match handles every known value and a new one."""
    match account.type_:
        case "external_account" | "income_source" | "pod":
            return account.type_
        case UnknownValue():
            return f"a kind this client does not know yet ({account.type_})"
        case _:
            assert_never(account.type_)


def sync_example(source: str, destination: str) -> None:
    with Sequence(retry=RetryPolicy(max_retries=5)) as client:
        for account in client.list_accounts(first=50):  # every account, 50 per request
            print(account.id, account.name)
        detail = client.get_account(source, timeout=10.0)  # per-request options on every method
        print(kind(detail.data))
        balance = detail.data.balance
        print("balance:", balance.balance_in_cents, "available:", balance.available_balance_in_cents)

        body = CreateTransferRequest(source_account_id=source, destination_account_id=destination, amount_in_cents=100)
        try:
            transfer = client.create_transfer(body=body)  # an Idempotency-Key is added and kept across retries
        except errors.MaximumAmountExceededError as exc:
            print("above this key's max_amount:", exc.message, "request", exc.request_id)
        except errors.PermissionDeniedError as exc:
            print("not allowed:", exc.code, exc.message, "request", exc.request_id)
        else:
            print("transfer", transfer.data.id, transfer.data.status, "request", transfer.request_id)

        for page in client.list_transfers(account_id=source, first=20).pages():
            print(len(page.data), "transfers; more:", page.page_info.has_next_page)


async def async_example(source: str) -> None:
    async with AsyncSequence() as client:
        ids = [transfer.id async for transfer in client.list_transfers(account_id=source)]
        print(len(ids), "transfers")


if __name__ == "__main__":
    sync_example(sys.argv[1], sys.argv[2])
    asyncio.run(async_example(sys.argv[1]))
