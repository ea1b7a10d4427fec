"""Local verification of coatcheck access tokens, with the rules of coatcheck's own verifier."""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence, Union, cast

import jwt

from .app_tokens import LegacyAppTokens, app_claim_acceptable, legacy_user_id
from .dpop import DpopRequest, DpopVerifier
from .errors import ConfigError, InvalidTokenError
from .jwks import KEY_TYPES, KID_PATTERN, KeySet, usable_key

MAX_TOKEN_LENGTH = 8192
MAX_LEEWAY_SECONDS = 60
COMPACT = re.compile(r"\A[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\Z")
# Headers that would let a token choose its own key or change how it is processed (TK-5, TK-9).
FORBIDDEN_HEADERS = ("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "crit", "b64", "zip", "enc")
REQUIRED_CLAIMS = ("iss", "aud", "sub", "sid", "iat", "exp", "jti")


@dataclass(frozen=True)
class VerifiedAccessToken:
    """A verified token. ``user_id`` is ``sub``: for an app's token, the user id as that app knows
    it (the same id its session cookie gives), with the app in ``app``; ``app`` is None for an
    operator's token."""

    user_id: str
    session_id: str
    token_id: str
    issued_at: int
    expires_at: int
    claims: Mapping[str, Any]
    app: Optional[str] = None


class AccessTokenVerifier:
    """Verifies ``at+jwt`` access tokens against the service's JWKS, without a service call.

    Every failure raises the same :class:`InvalidTokenError` (``invalid_token``); only a JWKS that
    cannot be loaded at all raises :class:`ServiceUnavailableError`. A token stays valid until it
    expires even after its session ends: keep the access-token lifetime short.

    ``audience`` pins whose tokens are accepted: a backend behind an app's service key names that
    app's audience (the app's name unless the service sets ``COATCHECK_APP_AUDIENCE``), so tokens
    of every other app, and the operator's (``coatcheck``), are refused.

    Example::

        from coatcheck_client import AccessTokenVerifier
        verifier = AccessTokenVerifier(jwks_url="https://auth.example/.well-known/jwks.json",
                                       issuer="https://auth.example", audience="billing")
        token = verifier.verify(bearer_token)  # token.app == "billing", token.user_id == "alice"
    """

    def __init__(self, *, issuer: str, audience: Union[str, Sequence[str]],
                 jwks_url: Optional[str] = None, jwks: Optional[Mapping] = None,
                 keys: Optional[KeySet] = None, algorithms: Sequence[str] = ("EdDSA",),
                 leeway_seconds: int = 30, clock: Callable[[], float] = time.time,
                 dpop: Optional[DpopVerifier] = None, legacy: Optional[LegacyAppTokens] = None) -> None:
        algorithms = tuple(algorithms)
        if not algorithms or any(a not in KEY_TYPES for a in algorithms):
            raise ConfigError("algorithms must be a non-empty subset of EdDSA, ES256, PS256")
        if type(leeway_seconds) is not int or not 0 <= leeway_seconds <= MAX_LEEWAY_SECONDS:
            raise ConfigError(f"leeway_seconds must be an integer 0–{MAX_LEEWAY_SECONDS}")
        if not isinstance(issuer, str) or not issuer:
            raise ConfigError("issuer is required")
        audiences = [audience] if isinstance(audience, str) else list(audience)
        if not audiences or not all(isinstance(a, str) and a for a in audiences):
            raise ConfigError("audience is required")
        if legacy is not None:
            legacy.check(audiences, clock())
        if jwks is not None and any(k.get("alg") not in algorithms for k in jwks.get("keys", [])):
            raise ConfigError("every key of a local JWKS needs an allowed alg")
        self._keys = keys or KeySet(jwks_url=jwks_url, jwks=jwks)
        self._algorithms = algorithms
        self._issuer = issuer
        self._audiences = audiences
        self._leeway = leeway_seconds
        self._clock = clock
        self._dpop = dpop or DpopVerifier(clock=clock)
        self._legacy = legacy

    def verify(self, token: str, dpop: Optional[DpopRequest] = None) -> VerifiedAccessToken:
        """Returns the verified token or raises InvalidTokenError (ServiceUnavailableError when no
        signing keys can be loaded). Pass ``dpop`` when the request said ``Authorization: DPoP``: a
        token bound to a key (``cnf.jkt``) needs a proof from that key with ``ath``, and is refused
        as Bearer; a bad proof raises InvalidDpopProofError."""
        header = self._acceptable_header(token)
        jwk = self._keys.get(header["kid"])
        if jwk is None or not usable_key(jwk, header["alg"]):
            raise InvalidTokenError()
        try:
            key = jwt.PyJWK(jwk, algorithm=header["alg"]).key
            # PyJWT checks the signature first, then iss and aud; the times are checked below
            # against this verifier's clock.
            claims = jwt.decode(
                token, key, algorithms=[header["alg"]], issuer=self._issuer,
                audience=self._audiences + ([self._legacy.audience] if self._legacy else []),
                options={"require": list(REQUIRED_CLAIMS), "verify_exp": False, "verify_nbf": False,
                         "verify_iat": False},
            )
        except Exception:  # every failure is the same generic answer (TK-6)
            raise InvalidTokenError() from None
        if not self._claims_acceptable(claims) or _decode_json(token.split(".")[1]) is None:
            raise InvalidTokenError()
        legacy_id = legacy_user_id(claims, self._audiences, self._legacy, self._clock())
        if legacy_id is None:
            raise InvalidTokenError()
        self._check_binding(claims, token, dpop)
        user_id, app = (legacy_id, self._legacy.app) if legacy_id and self._legacy else (claims["sub"], claims.get("app"))
        return VerifiedAccessToken(user_id, claims["sid"], claims["jti"], claims["iat"], claims["exp"], claims, app)

    def _check_binding(self, claims: Mapping[str, Any], token: str, dpop: Optional[DpopRequest]) -> None:
        """RFC 9449 §7: bound tokens only with their key's proof; unbound ones never as DPoP."""
        cnf = claims.get("cnf")
        jkt = cnf.get("jkt") if isinstance(cnf, dict) else None
        if cnf is not None and not isinstance(jkt, str):
            raise InvalidTokenError()
        if jkt is None:
            if dpop is not None:
                raise InvalidTokenError()
            return
        if dpop is None or self._dpop.verify(dpop, token) != jkt:
            raise InvalidTokenError()

    def _acceptable_header(self, token: Any) -> dict:
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or not COMPACT.match(token):
            raise InvalidTokenError()
        if not all(_canonical(part) for part in token.split(".")):
            raise InvalidTokenError()
        header = _decode_json(token.split(".")[0])
        if header is None or header.get("alg") not in self._algorithms:
            raise InvalidTokenError()
        kid = header.get("kid")
        if not isinstance(kid, str) or not KID_PATTERN.match(kid):
            raise InvalidTokenError()
        if header.get("typ") not in ("at+jwt", "application/at+jwt"):
            raise InvalidTokenError()
        if any(name in header for name in FORBIDDEN_HEADERS):
            raise InvalidTokenError()
        return header

    def _claims_acceptable(self, claims: Mapping[str, Any]) -> bool:
        if claims.get("iss") != self._issuer:  # exact, never a prefix or a list
            return False
        if not all(isinstance(claims.get(name), str) and claims[name] for name in ("sub", "sid", "jti")):
            return False
        if not app_claim_acceptable(claims):
            return False
        iat, exp, nbf = claims.get("iat"), claims.get("exp"), claims.get("nbf", 0)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (iat, exp, nbf)):
            return False
        now = self._clock()
        issued, expires, not_before = cast(float, iat), cast(float, exp), cast(float, nbf)
        # Expired when exp <= now - leeway (as jose); not yet valid or issued in the future beyond it.
        return (expires > now - self._leeway and not_before <= now + self._leeway
                and issued <= now + self._leeway)


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _canonical(part: str) -> bool:
    """Strict base64url: a possible length, and the unused low bits of the last character zero."""
    rest = len(part) % 4
    if rest == 1:
        return False
    if rest == 0:
        return True
    return _ALPHABET.index(part[-1]) & (0x0F if rest == 2 else 0x03) == 0


def _decode_json(part: str) -> Optional[dict]:
    """A base64url JSON object with no duplicate member names (RFC 8725bis), or None."""
    try:
        text = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _no_duplicates(pairs: list) -> dict:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError("duplicate member")
    return dict(pairs)
