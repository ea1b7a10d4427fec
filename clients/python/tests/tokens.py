"""Test signing keys and tokens: signed here with the private key, so every case is a real JWS."""

import base64
import json
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives import hashes

ISSUER = "http://127.0.0.1:3000"
AUDIENCE = "coatcheck"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Signer:
    def __init__(self, alg="EdDSA", kid="k-1"):
        self.alg, self.kid = alg, kid
        if alg == "EdDSA":
            self.private = ed25519.Ed25519PrivateKey.generate()
            jwk = jwt.algorithms.OKPAlgorithm.to_jwk(self.private.public_key())
        elif alg == "ES256":
            self.private = ec.generate_private_key(ec.SECP256R1())
            # Fixed 32-byte coordinates (RFC 7518 §6.2.1.2); PyJWT 2.6's to_jwk drops leading zeros.
            numbers = self.private.public_key().public_numbers()
            jwk = json.dumps({"kty": "EC", "crv": "P-256", "x": b64(numbers.x.to_bytes(32, "big")),
                              "y": b64(numbers.y.to_bytes(32, "big"))})
        else:
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key())
        self.jwk = {**json.loads(jwk), "kid": kid, "alg": alg, "use": "sig"}

    def jwks(self):
        return {"keys": [self.jwk]}

    def claims(self, **over):
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "sid": "s-1", "iat": now,
                  "exp": now + 300, "jti": "j-1"}
        claims.update(over)
        return {k: v for k, v in claims.items() if v is not None}

    def header(self, **over):
        header = {"alg": self.alg, "kid": self.kid, "typ": "at+jwt"}
        header.update(over)
        return {k: v for k, v in header.items() if v is not None}

    def raw(self, header_json: str, payload_json: str, alg=None) -> str:
        """Signs exact JSON texts, so tests can send duplicate members and odd headers."""
        signing_input = f"{b64(header_json.encode())}.{b64(payload_json.encode())}"
        return f"{signing_input}.{b64(self.sign(signing_input.encode(), alg or self.alg))}"

    def sign(self, data: bytes, alg: str) -> bytes:
        if alg == "EdDSA":
            return self.private.sign(data)
        if alg == "ES256":
            from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
            r, s = decode_dss_signature(self.private.sign(data, ec.ECDSA(hashes.SHA256())))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return self.private.sign(data, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())

    def token(self, header=None, **claims) -> str:
        return self.raw(json.dumps(header or self.header()), json.dumps(self.claims(**claims)))
