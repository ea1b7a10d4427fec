"""Recognising a wrong service key or URL in the service's answer, and saying so in the log.

A wrong key or URL fails every request the same way; the user only ever sees a generic 500, so
the operator needs one clear log line naming the setting to fix (at most one a minute per kind,
so a busy app does not flood its log)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Dict, Optional

from .errors import ServiceAuthError, ServiceConfigError, ServiceUrlError

log = logging.getLogger("coatcheck_client")
LOG_INTERVAL_SECONDS = 60.0
_last_logged: Dict[str, float] = {}
_lock = threading.Lock()


def is_coatcheck_error(body: Any) -> bool:
    """Whether an answer's body is coatcheck's ``{"error": {"code": "ERR_…", …}}``."""
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return isinstance(code, str) and code.startswith("ERR_")


def misconfiguration(status: int, body: Any, *, not_found_expected: bool,
                     service_url: str) -> Optional[ServiceConfigError]:
    """The configuration error an error answer stands for, logged; None when it is an ordinary one."""
    if status >= 500:
        return None  # an outage (or a proxy in front of one): 503, never a configuration verdict
    if status == 401 and is_coatcheck_error(body) and body["error"]["code"] == "ERR_UNAUTHORIZED":
        _log("key", "coatcheck: the service at %s refused COATCHECK_SERVICE_KEY (401 ERR_UNAUTHORIZED): "
             "set it to one of the service's COATCHECK_SERVICE_KEYS", service_url)
        return ServiceAuthError("The session service refused this backend's service key")
    if not is_coatcheck_error(body) or (status == 404 and not not_found_expected):
        _log("url", "coatcheck: COATCHECK_SERVICE_URL %s does not lead to a coatcheck service (it answered "
             "%d%s): use the URL `coatcheck serve` prints, without a path", service_url, status,
             "" if is_coatcheck_error(body) else " without a coatcheck error")
        return ServiceUrlError("COATCHECK_SERVICE_URL does not lead to the coatcheck service")
    return None


def _log(kind: str, message: str, *args: Any) -> None:
    now = time.monotonic()
    with _lock:
        last = _last_logged.get(kind)
        if last is not None and now - last < LOG_INTERVAL_SECONDS:
            return
        _last_logged[kind] = now
    log.error(message, *args)
