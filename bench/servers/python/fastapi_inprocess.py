"""Where FastAPI's time goes per request, without a server: the ASGI app called directly, 25
requests in flight on uvloop, CPU (user + system) per request of this process. Runs against a
running ``coatcheck serve`` given by COATCHECK_SERVICE_URL and COATCHECK_SERVICE_KEY, with
COATCHECK_TOKEN a session token made through ``POST /v1/sessions``. The routes add one piece each:

  /bare    the endpoint alone            /dep   + a do-nothing async Depends
  /await   + one awaited future          /raw   + one HTTP exchange with the service (the pool)
  /val     + the client's validate call  /read  Depends(require_session)

Usage: python3 fastapi_inprocess.py [route …]"""

import asyncio
import os
import resource
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "clients", "python"))

import uvloop  # noqa: E402
from fastapi import Depends, FastAPI, Request  # noqa: E402

from coatcheck_client import AsyncCoatcheckClient, Session  # noqa: E402
from coatcheck_client.fastapi import install, require_session  # noqa: E402

TOKEN = os.environ["COATCHECK_TOKEN"]
BODY = ('{"token":"%s"}' % TOKEN).encode()
client = AsyncCoatcheckClient(os.environ["COATCHECK_SERVICE_URL"], os.environ["COATCHECK_SERVICE_KEY"])
app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
install(app, client=client)


async def nothing(request: Request) -> int:
    return 1


@app.get("/bare")
async def bare() -> dict:
    return {"userId": "alice"}


@app.get("/dep")
async def dep(_: int = Depends(nothing)) -> dict:
    return {"userId": "alice"}


@app.get("/await")
async def awaited() -> dict:
    loop = asyncio.get_running_loop()
    answer = loop.create_future()
    loop.call_soon(answer.set_result, 1)
    await answer
    return {"userId": "alice"}


@app.get("/raw")
async def raw() -> dict:
    await client._lean_pool().request("POST", "/v1/sessions/validate", BODY)
    return {"userId": "alice"}


@app.get("/val")
async def val() -> dict:
    return {"userId": (await client.validate(TOKEN)).session.user_id}


@app.get("/read")
async def read(session: Session = Depends(require_session)) -> dict:
    return {"userId": session.user_id}


async def call(path: str) -> None:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
             "headers": [(b"host", b"127.0.0.1"), (b"cookie", f"__Host-sid={TOKEN}".encode())]}
    sent = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    assert sent[0]["status"] == 200, sent[0]


async def load(path: str, count: int, in_flight: int = 25) -> float:
    """CPU µs per request of ``count`` requests to ``path``."""
    todo = iter(range(count))

    async def worker() -> None:
        for _ in todo:
            await call(path)

    before = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu / count * 1e6


async def main() -> None:
    routes = sys.argv[1:] or ["/bare", "/dep", "/await", "/raw", "/val", "/read"]
    for route in routes:
        await load(route, 500)  # warm-up: connections open, code paths hot
    for _ in range(3):
        figures = [f"{route} {await load(route, 4000):.0f} µs" for route in routes]
        print("  ".join(figures), flush=True)
    await client.aclose()


uvloop.install()
asyncio.run(main())
