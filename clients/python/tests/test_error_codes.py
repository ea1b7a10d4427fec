"""The exceptions follow coatcheck's error-code table (error_codes.json, generated from the
TypeScript table): every code the service answers maps to an exception that keeps the code and
answers with the table's status, and every code this package names is in the table."""

import re
from pathlib import Path

import pytest

from coatcheck_client.errors import (
    ERROR_CODES,
    CrossOriginError,
    NoSessionError,
    ServiceAuthError,
    ServiceUnavailableError,
    error_from_response,
    http_error,
)

PACKAGE = Path(__file__).parent.parent / "coatcheck_client"


def test_the_table_is_loaded_and_complete():
    assert len(ERROR_CODES) >= 25
    for code, entry in ERROR_CODES.items():
        assert code.startswith("ERR_")
        assert 400 <= entry["status"] <= 599
        assert entry["message"]


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_each_code_maps_to_an_exception_with_the_table_status(code):
    status = ERROR_CODES[code]["status"]
    error = error_from_response(status, code, "message")
    if code == "ERR_UNAUTHORIZED":
        # The service refusing this backend's key is a configuration problem here, never the user's.
        assert isinstance(error, ServiceAuthError)
    elif status >= 500:
        assert isinstance(error, ServiceUnavailableError)
        assert http_error(error)[0] == 503
    else:
        assert error.code == code
        assert error.status == status
        assert http_error(error) == (status, {"error": {"code": code, "message": error.message}})
        if status == 401:
            assert isinstance(error, NoSessionError)


@pytest.mark.parametrize("code", ["ERR_CROSS_ORIGIN", "ERR_CSRF_TOKEN_MISSING", "ERR_CSRF_REJECTED"])
def test_refusals_keep_their_code_and_default_message(code):
    error = error_from_response(403, code, None)
    assert isinstance(error, CrossOriginError)
    assert (error.code, error.status, error.message) == (code, 403, ERROR_CODES[code]["message"])


def test_every_code_the_package_names_is_in_the_table():
    named = set()
    for source in PACKAGE.glob("*.py"):
        named.update(re.findall(r"ERR_[A-Z_]+", source.read_text("utf-8")))
    assert named, "the package names no code?"
    assert named - set(ERROR_CODES) == set()
