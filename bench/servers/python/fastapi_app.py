"""FastAPI under uvicorn (one worker, httptools and uvloop as ``uvicorn[standard]`` runs it): the
same small JSON answer with and without ``require_session`` (the async client, against a running
coatcheck serve). Prints the ready line."""

import json
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "clients", "python"))

import uvicorn  # noqa: E402
from fastapi import Depends, FastAPI  # noqa: E402

from coatcheck_client import Session, Settings  # noqa: E402
from coatcheck_client.fastapi import install, require_session  # noqa: E402

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
install(app, client=Settings.from_env(os.environ).async_client())


@app.get("/bare")
async def bare() -> dict:
    return {"userId": "alice"}


@app.get("/read")
async def read(session: Session = Depends(require_session)) -> dict:
    return {"userId": session.user_id}


sock = socket.socket()
sock.bind(("127.0.0.1", int(os.environ.get("PORT") or 0)))
sock.listen(1024)
print(json.dumps({"ready": True, "port": sock.getsockname()[1]}), flush=True)
config = uvicorn.Config(app, http="httptools", loop="uvloop", log_level="warning", access_log=False,
                        server_header=False)
uvicorn.Server(config).run(sockets=[sock])
