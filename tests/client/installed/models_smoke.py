"""The installed ``sequence-api-models`` on the seeds' bodies, run by ``test_installed_wheels.py`` with the python
of a fresh venv that holds only the models' wheel and pydantic (no checkout on its path, no toolkit).

``python models_smoke.py SCHEMA=SEED.json ...``: each seed page's success body validates as ``SCHEMA`` and dumps
back unchanged, its error bodies validate as ``ErrorResponse``, and a success body with a wrongly typed field is
refused. Exits non-zero on the first broken expectation; prints one JSON line: versions and where from.
"""

from __future__ import annotations

import copy
import json
import sys
from importlib.metadata import version
from pathlib import Path

import pydantic
import sequence_api_models


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"models_smoke: {what}")


def main(argv: list[str]) -> int:
    for argument in argv[1:]:
        schema, path = argument.split("=", 1)
        success, *error_bodies = json.loads(Path(path).read_text(encoding="utf-8"))["bodies"]
        model: type[pydantic.BaseModel] = getattr(sequence_api_models, schema)
        dumped = model.model_validate(success).model_dump(mode="json", by_alias=True)
        check(dumped == success, f"{schema}: {dumped} is not the seed body {success}")
        for body in error_bodies:
            error = sequence_api_models.ErrorResponse.model_validate(body)
            check(error.model_dump(mode="json", exclude_unset=True) == body, f"ErrorResponse: {body}")
        broken = copy.deepcopy(success)
        broken["data"]["id"] = 12345
        try:
            model.model_validate(broken)
            check(False, f"{schema} accepted an integer id")
        except pydantic.ValidationError as exc:
            check(exc.errors()[0]["loc"][:2] == ("data", "id"), f"{schema}: {exc}")
    used = {name: version(name) for name in ("sequence-api-models", "pydantic")}
    print(json.dumps({"versions": used, "models": sequence_api_models.__file__}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
