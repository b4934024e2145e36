"""The review page's web app (FastAPI): the page, its data, page images, words, and the submitted answer.

Addresses carry the request's number (or id) only, never personal data. The app binds to 127.0.0.1 unless told
otherwise: it has no login of its own and belongs behind the organisation's own access control.
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from woo.case import UnitOfWork
from woo.errors import AnswerRefused, UnknownRequest
from woo.web.review import NoSuchPage, page_png, page_words, review_sheet, waiting_for_review

__all__ = ["DEFAULT_PORT", "create_app", "review_url", "serve", "serve_in_background"]

DEFAULT_PORT = 8484
_log = logging.getLogger(__name__)
_STATIC = resources.files("woo.web") / "static"


def review_url(base: str, number: str) -> str:
    return f"{base.rstrip('/')}/verzoek/{number}"


def _page(name: str) -> HTMLResponse:
    return HTMLResponse((_STATIC / name).read_text(encoding="utf-8"))


def create_app() -> FastAPI:
    app = FastAPI(title="Woo – lakvoorstellen beoordelen", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return _page("index.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/wachtend")
    def waiting() -> list[dict[str, Any]]:
        return waiting_for_review(UnitOfWork())

    @app.get("/verzoek/{request}", response_class=HTMLResponse)
    def review(request: str) -> HTMLResponse:
        return _page("review.html")

    @app.get("/api/verzoek/{request}")
    def sheet(request: str) -> dict[str, Any]:
        try:
            return review_sheet(UnitOfWork(), request)
        except UnknownRequest as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/api/verzoek/{request}/document/{document}/pagina/{page}.png")
    def image(request: str, document: int, page: int) -> Response:
        try:
            png = page_png(request, document, page)
        except (UnknownRequest, NoSuchPage) as exc:
            raise HTTPException(404, str(exc)) from None
        # Pages of a request under review are confidential: not kept by the browser or anything in between.
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    @app.get("/api/verzoek/{request}/document/{document}/pagina/{page}/woorden")
    def words(request: str, document: int, page: int) -> Response:
        try:
            found = page_words(request, document, page)
        except (UnknownRequest, NoSuchPage) as exc:
            raise HTTPException(404, str(exc)) from None
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.post("/api/verzoek/{request}/antwoord")
    def answer(request: str, body: dict[str, Any]) -> JSONResponse:
        # The same path as `woo answer`: form and domain rules first, texts into the store, then resume.
        from woo.cli.answering import NotWaiting, give_answer

        try:
            given = give_answer(request, "review", body)
        except AnswerRefused as refused:
            return JSONResponse({"ok": False, "problems": refused.problems}, status_code=422)
        except UnknownRequest as exc:
            return JSONResponse({"ok": False, "problems": [str(exc)]}, status_code=404)
        except NotWaiting as exc:
            return JSONResponse({"ok": False, "problems": [str(exc)]}, status_code=409)
        except Exception as exc:  # Prefect unreachable, the run gone: say so rather than answer with a bare 500
            _log.exception("answer to the review of %s could not be given", request)
            return JSONResponse({"ok": False, "problems": [
                f"het antwoord kon niet aan de wachtende flow run worden gegeven ({type(exc).__name__}); "
                "probeer het zo opnieuw of gebruik `woo answer`"]}, status_code=503)
        return JSONResponse({"ok": True, "number": given.number or given.request_id,
                             "message": f"Beoordeling van {given.number or given.request_id} ontvangen; de flow run "
                                        "gaat verder met lakken en het conceptbesluit."})

    return app


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve the review page in this process until stopped."""
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


def serve_in_background(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> Any:
    """Start the review page in a daemon thread of this process (beside ``woo serve``'s deployments)."""
    import threading

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(), host=host, port=port, log_level="warning"))
    threading.Thread(target=server.run, name="woo-review-page", daemon=True).start()
    return server
