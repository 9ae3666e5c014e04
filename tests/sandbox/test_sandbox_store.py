"""The sandbox's seed data: the seeds' own objects, and every object valid under the spec's models."""

from __future__ import annotations

import sequence_api_models as models

from sequence_toolkit.sandbox.seed import CARDS, EXECUTIONS, ORG_DEMO, ORG_OTHER, SEED_RULES, TRANSFERS, seed
from sequence_toolkit.sandbox.store import Store, account_summary, card_transaction

from ..conftest import SEED_ACCOUNT, SEED_CARD, seed_bodies


def seeded() -> Store:
    store = Store(":memory:")
    seed(store)
    return store


def test_seed_objects_are_the_seed_pages_objects() -> None:
    store = seeded()
    assert store.account(ORG_DEMO, "acc_01HGHI7890") == seed_bodies(SEED_ACCOUNT)[0]["data"]
    assert store.card(ORG_DEMO, "card_01HABC4567") == seed_bodies(SEED_CARD)[0]["data"]


def test_other_organizations_objects_are_invisible() -> None:
    store = seeded()
    assert store.account(ORG_OTHER, "acc_01HGHI7890") is None
    assert store.card(ORG_OTHER, "card_01HABC4567") is None
    assert store.rule(ORG_DEMO, "rule_02HBBB0001") is None


def test_every_seeded_object_validates_against_the_models() -> None:
    store = seeded()
    for row in store.query("SELECT * FROM accounts"):
        models.Account.model_validate(store.account(row["org_id"], row["id"]))
        models.AccountSummary.model_validate(account_summary(row))
    for org, rule_id, *_ in SEED_RULES:
        models.Rule.model_validate(store.rule(org, rule_id))
    for org, ex_id, _, _ in EXECUTIONS:
        models.RuleExecution.model_validate(store.execution(org, ex_id))
    for org, transfer_id, *_ in TRANSFERS:
        models.Transfer.model_validate(store.transfer(org, transfer_id))
    for org, card_id, *_ in CARDS:
        models.Card.model_validate(store.card(org, card_id))
    for row in store.query("SELECT * FROM card_transactions"):
        models.CardTransaction.model_validate(card_transaction(row))


def test_seed_covers_what_the_sandbox_needs() -> None:
    store = seeded()
    types = {r["type"] for r in store.query("SELECT type FROM accounts")}
    assert types == {"income_source", "pod", "external_account"}
    triggers = {(store.rule(o, i) or {})["trigger"]["type"] for o, i, *_ in SEED_RULES}
    assert triggers == {"manual", "scheduled", "on_funds_transferred"}
    assert {r.status for r in SEED_RULES} == {"enabled", "disabled"}
    assert len({t.status for t in TRANSFERS}) >= 4


def test_pages_do_not_repeat_or_skip_while_rows_are_added() -> None:
    store = seeded()
    seen, after = [], None
    while True:
        rows, after, more = store.page("transfers", "org_id = ?", [ORG_DEMO], first=2, after=after, newest_first=True)
        seen += [r["id"] for r in rows]
        with store.transaction() as db:  # a new transfer lands between pages
            db.execute(
                "INSERT INTO transfers (org_id, id, amount_in_cents, direction, origin, status, source_id,"
                " destination_id, created_at) VALUES (?, ?, 100, 'internal', 'user', 'processing',"
                " 'acc_01HDEF0123', 'acc_01HKLM5678', '2024-05-01T00:00:00Z')",
                (ORG_DEMO, f"txr_new{len(seen)}"),
            )
        if not more:
            break
    expected = [t.id for t in TRANSFERS if t.org_id == ORG_DEMO][::-1]
    assert seen == expected
