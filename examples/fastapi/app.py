"""The FastAPI example: who am I (cookie session or bearer access token), sign out, sign out
everywhere. Sessions come from coatcheck (signed in through any backend that shares the service).

Run from the repository root (Debian: python3-fastapi, python3-uvicorn, python3-httpx, python3-jwt):

    COATCHECK_SERVICE_KEY=… PYTHONPATH=clients/python /usr/bin/python3 examples/fastapi/app.py
    # or: PYTHONPATH=clients/python:examples/fastapi uvicorn app:app --port 3002
"""

from __future__ import annotations

import os
import socket
import sys

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse, Response

from coatcheck_client import ConfigError, Session, Settings, VerifiedAccessToken
from coatcheck_client.cookies import expired_session_cookie
from coatcheck_client.fastapi import install, require_access_token, require_session


def create_app(settings: Settings, origins: tuple) -> FastAPI:
    app = FastAPI(title="coatcheck FastAPI example", docs_url=None, redoc_url=None, openapi_url=None)
    # The asyncio client: service calls run on the event loop, over one pool of kept-alive connections.
    client = settings.async_client()
    install(app, client=client, verifier=settings.verifier(), trusted_origins=settings.origins or origins)

    @app.get("/me")
    async def me(session: Session = Depends(require_session)) -> JSONResponse:
        return no_store({"userId": session.user_id, "sessionId": session.id})

    @app.get("/api/me")
    def api_me(token: VerifiedAccessToken = Depends(require_access_token)) -> JSONResponse:
        # Verified locally against the JWKS: no service call, valid until the token expires.
        return no_store({"userId": token.user_id, "sessionId": token.session_id, "via": "bearer"})

    @app.post("/logout")
    async def logout(session: Session = Depends(require_session)) -> Response:
        await client.revoke(session.id)
        return Response(status_code=204, headers={"set-cookie": expired_session_cookie(),
                                                  "cache-control": "no-store"})

    @app.post("/sessions/revoke-all")
    async def revoke_all(session: Session = Depends(require_session)) -> JSONResponse:
        """Signs the user out on every device and every backend, this one included."""
        revoked = await client.revoke_all(session.user_id)
        response = no_store({"revoked": revoked})
        response.headers["set-cookie"] = expired_session_cookie()
        return response

    @app.post("/sessions/revoke-others")
    async def revoke_others(session: Session = Depends(require_session)) -> JSONResponse:
        return no_store({"revoked": await client.revoke_all(session.user_id, except_session_id=session.id)})

    return app


def no_store(body: dict) -> JSONResponse:
    return JSONResponse(body, headers={"cache-control": "no-store"})


def main() -> None:
    import uvicorn

    host = os.environ.get("HOST") or "127.0.0.1"
    try:
        settings = Settings.from_env(os.environ)
        port = int(os.environ.get("PORT") or 3002)
    except (ConfigError, ValueError) as error:
        sys.exit(f"cannot start: {error}")
    # Bind first, so PORT=0 works and the line below names the real port.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # connections queue from here on, so the line below is never early
    port = sock.getsockname()[1]
    app = create_app(settings, (f"http://localhost:{port}", f"http://127.0.0.1:{port}"))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", server_header=False))
    print(f"listening on http://{host}:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ != "__main__":
    # `uvicorn app:app`: built from the environment at import; a ConfigError names what is missing.
    app = create_app(Settings.from_env(os.environ), ())

if __name__ == "__main__":
    main()
