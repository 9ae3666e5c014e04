"""The seeds are in the spec verbatim and survive both generated libraries unchanged."""

from __future__ import annotations

import shlex
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema
import sequence_api_models as models
from sequence_api_client.models import AccountResponse, CardResponse, ErrorResponse

from ..conftest import SEED_ACCOUNT, SEED_CARD, seed_bodies, seed_facts, seed_scope_rows

# (seed, index of the body in the page) -> (example component, response schema)
SEED_BODIES = {
    (SEED_ACCOUNT, 0): ("AccountSeed", "AccountResponse"),
    (SEED_ACCOUNT, 1): ("Unauthorized", "ErrorResponse"),
    (SEED_ACCOUNT, 2): ("Forbidden", "ErrorResponse"),
    (SEED_ACCOUNT, 3): ("AccountNotFound", "ErrorResponse"),
    (SEED_CARD, 0): ("CardSeed", "CardResponse"),
    (SEED_CARD, 1): ("Unauthorized", "ErrorResponse"),
    (SEED_CARD, 2): ("Forbidden", "ErrorResponse"),
    (SEED_CARD, 3): ("CardNotFound", "ErrorResponse"),
}
CLIENT_MODELS: dict[str, type[AccountResponse] | type[CardResponse] | type[ErrorResponse]] = {
    "AccountResponse": AccountResponse,
    "CardResponse": CardResponse,
    "ErrorResponse": ErrorResponse,
}


def body(key: tuple[str, int]) -> Any:
    bodies = seed_bodies(key[0])
    assert len(bodies) == 4, f"{key[0]}: expected success, 401, 403 and 404 bodies"
    return bodies[key[1]]


@pytest.mark.parametrize("key", SEED_BODIES, ids=lambda k: f"{k[0][:3]}-{SEED_BODIES[k][0]}")
def test_seed_body_is_an_example_verbatim(key: tuple[str, int], bundled: dict[str, Any]) -> None:
    example, _ = SEED_BODIES[key]
    assert bundled["components"]["examples"][example]["value"] == body(key)


@pytest.mark.parametrize("key", SEED_BODIES, ids=lambda k: f"{k[0][:3]}-{SEED_BODIES[k][0]}")
def test_seed_body_validates_against_its_schema(key: tuple[str, int], bundled: dict[str, Any]) -> None:
    _, schema = SEED_BODIES[key]
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        "urn:spec", referencing.jsonschema.DRAFT202012.create_resource(bundled)
    )
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"urn:spec#/components/schemas/{schema}"},
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    validator.validate(body(key))


@pytest.mark.parametrize("key", SEED_BODIES, ids=lambda k: f"{k[0][:3]}-{SEED_BODIES[k][0]}")
def test_seed_body_round_trips_through_pydantic_models(key: tuple[str, int]) -> None:
    _, schema = SEED_BODIES[key]
    model = getattr(models, schema).model_validate(body(key))
    assert model.model_dump(mode="json", exclude_unset=True) == body(key)


@pytest.mark.parametrize("key", SEED_BODIES, ids=lambda k: f"{k[0][:3]}-{SEED_BODIES[k][0]}")
def test_seed_body_round_trips_through_the_client(key: tuple[str, int]) -> None:
    _, schema = SEED_BODIES[key]
    parsed = CLIENT_MODELS[schema].from_dict(body(key))
    assert parsed.to_dict() == body(key)


def test_pydantic_models_type_the_seed_account() -> None:
    account = models.AccountResponse.model_validate(body((SEED_ACCOUNT, 0))).data
    assert account.balance.balance_in_cents == 245000
    assert account.external_account_type == "LIABILITY"
    assert account.bank_account_number == "••••1234"


@pytest.mark.parametrize("seed", [SEED_ACCOUNT, SEED_CARD])
def test_scope_table_equals_the_seeds(seed: str, bundled: dict[str, Any]) -> None:
    table = bundled["x-sequence-scopes"]
    assert [{k: row[k] for k in ("scope", "resources", "grants")} for row in table] == seed_scope_rows(seed)


@pytest.mark.parametrize("seed", [SEED_ACCOUNT, SEED_CARD])
def test_seed_curl_request_is_the_operation_on_the_server(seed: str, bundled: dict[str, Any]) -> None:
    """The page's curl line is its method and path on the spec's server ("string" is the page's {id})."""
    facts = seed_facts(seed)
    assert shlex.split(facts["curl"]) == [
        "curl",
        "-X",
        facts["method"],
        bundled["servers"][0]["url"] + facts["path"].replace("{id}", "string"),
    ]
    assert facts["method"].lower() in bundled["paths"][facts["path"]]


def test_security_scheme_description_shows_the_same_table(bundled: dict[str, Any]) -> None:
    description = bundled["components"]["securitySchemes"]["ApiKeyAuth"]["description"]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in description.splitlines()
        if line.startswith("|") and not line.startswith("|---") and "Scope" not in line
    ]
    assert rows == [[r["scope"], r["resources"], r["grants"]] for r in bundled["x-sequence-scopes"]]
    assert description.startswith("Format: `ApiKey <key>`.")
