"""The local web page for clerks (``reportgen serve``), a Starlette app.

One page (``templates/index.html`` with ``static/app.js``) talks to a small
JSON API.  Nothing here implements a rule or an output: checking is
``build.check`` (through ``work.check_upload``), building is
``batch.build_one``, the blank workbook is ``init_workbook.write_blank``.
Both run in worker processes, a bounded number at a time, off the event loop.

Safety:

* access: with no token (the default, bound to 127.0.0.1) only loopback
  clients addressing the server by a loopback host name are served (the
  host check stops DNS rebinding); with a token (``--host`` other than
  loopback) every request must carry it, once in the address printed at
  start (``?token=…``, then kept in a cookie);
* sessions: a random id in an HttpOnly, SameSite=Strict cookie; each
  session's files in its own private temporary folder (mode 0700), removed
  when the session is cleared, after ``SESSION_IDLE`` seconds unused, and at
  shutdown;
* forms: every POST needs the session's CSRF token in a header (a custom
  header also forces a browser's CORS preflight, which this app never
  grants), and a cross-site ``Origin`` or ``Sec-Fetch-Site`` is refused;
* uploads: at most ``max_upload_bytes`` each and ``max_uploads`` per
  session, streamed to ``<random id>.xlsx`` — the uploaded name is shown,
  never used as a path — then checked by the reader's own defences.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import multiprocessing
import os
import secrets
import shutil
import tempfile
import time
import traceback
import unicodedata
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import unquote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import (FileResponse, HTMLResponse, JSONResponse, RedirectResponse,
                                 Response)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from reportgen.batch import STATUS_TEXT, build_one
from reportgen.build import Options, safe_filename
from reportgen.core.lastyear import LastYear
from reportgen.web.work import check_upload, read_last_upload, shown, watch_parent

SESSION_COOKIE = "reportgen_session"
ACCESS_COOKIE = "reportgen_access"
CSRF_HEADER = "x-reportgen-csrf"
SESSION_IDLE = 2 * 60 * 60          # seconds a session's files are kept unused
MAX_SESSIONS = 50
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
_HERE = Path(__file__).parent


@dataclass
class Config:
    """How the app runs.  ``token``: None serves loopback clients only;
    a string is required from every client.  ``jobs``: worker processes
    (checks and builds at a time).  Sizes in bytes."""

    token: Optional[str] = None
    jobs: int = 2
    max_upload_bytes: int = 20 * 1024 * 1024
    max_uploads: int = 100
    pdf: Optional[bool] = None          # None: offered where LibreOffice is installed
    # the profile chosen when the page opens (serve --profile): a shipped
    # profile's name or, as build --profile takes it, a profile folder
    profile: str = "default"
    debug: bool = False                 # tracebacks on stderr for internal errors
    # the loopback address served (serve --host, e.g. 127.0.0.2): its Host
    # header is accepted besides 127.0.0.1 / localhost / ::1
    host: Optional[str] = None
    # run in the worker after each check or build: the CLI's memory policy
    # (gc.collect); picklable
    after: Optional[Callable[[], object]] = None


@dataclass
class Upload:
    """One uploaded workbook: ``id`` 16 hex digits (also its file name,
    ``<id>.xlsx`` in the session folder), ``size`` in bytes."""

    id: str
    name: str                       # as the clerk named it: shown, never a path
    path: Path
    size: int
    result: Optional[dict] = None   # work.check_upload's dict once checked

    def public(self) -> dict:
        """The upload as the page sees it (JSON): id, the clerk's file name,
        size in bytes and the check result; never the server path."""
        return {"id": self.id, "name": self.name, "size": self.size, "result": self.result}


@dataclass
class LastUpload:
    """Last year's workbook (上年决算工作簿) of a session: the uploaded file
    ``path`` (``last-<id>.xlsx``) and its figures ``last``
    (``core.lastyear.LastYear``), checked against as ``--last`` does."""

    id: str
    name: str                       # as the clerk named it: shown, never a path
    path: Path
    last: LastYear
    unit: str = ""
    year: Optional[int] = None

    def public(self) -> dict:
        """What the page is told of last year's workbook: its id, the
        clerk's file name, 单位名称 and 年度 (never the server's path)."""
        return {"id": self.id, "name": self.name, "unit": self.unit, "year": self.year}


@dataclass
class Run:
    """One press of 生成: every upload built into ``folder/out`` as one batch
    (one claims folder, as ``reportgen build`` with several inputs)."""

    id: str
    folder: Path
    profile: str
    pdf: bool
    items: dict[str, dict] = field(default_factory=dict)   # upload id -> state
    # (internal path, shown name) of each upload and of last year's
    # workbook when the run started, for messages (work.shown)
    names: list[tuple[str, str]] = field(default_factory=list)
    zip_path: Optional[Path] = None

    @property
    def done(self) -> bool:
        """Whether every workbook of the run has finished (built or refused)."""
        return all(i["state"] == "done" for i in self.items.values())


@dataclass
class Session:
    """One browser's work: its uploads and runs, under ``folder`` (private,
    removed with the session); ``csrf`` is the token its page sends back."""

    id: str
    csrf: str
    folder: Path
    uploads: dict[str, Upload] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    last: Optional[LastUpload] = None   # last year's workbook, when given
    last_seen: float = field(default_factory=time.monotonic)
    busy: int = 0                   # checks and builds under way

    def touch(self) -> None:
        """Mark the session used now (sessions idle too long are removed)."""
        self.last_seen = time.monotonic()

    def names(self) -> list[tuple[str, str]]:
        """(internal path, shown name) of every upload of the session and
        of last year's workbook: what ``work.shown`` puts in messages."""
        ups = [(str(u.path), u.name) for u in self.uploads.values()]
        return ups + ([(str(self.last.path), self.last.name)] if self.last is not None else [])

    def last_args(self) -> tuple[Optional[LastYear], str]:
        """(last year's figures or None, its shown name) for ``work.check_upload``."""
        return (self.last.last, self.last.name) if self.last is not None else (None, "")


class Refused(Exception):
    """A request refused with a Chinese message and an HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


_ROOT_PREFIX = "reportgen-web-"


def remove_stale_folders(tmp: Optional[Path] = None) -> None:
    """Remove the temporary folders of servers that were killed outright
    (``reportgen-web-<pid>-…`` of this user whose process is gone)."""
    tmp = Path(tmp or tempfile.gettempdir())
    for d in tmp.glob(_ROOT_PREFIX + "*"):
        try:
            pid = int(d.name[len(_ROOT_PREFIX):].split("-")[0])
            if not d.is_dir() or d.stat().st_uid != os.getuid():
                continue
            os.kill(pid, 0)
        except (ValueError, OSError) as exc:
            if isinstance(exc, ProcessLookupError):
                shutil.rmtree(d, ignore_errors=True)


def shown_name(raw: str) -> str:
    """An uploaded file's name fit for showing: the last path part, control
    characters removed, at most 120 characters (never used as a path)."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "未命名.xlsx"


def profiles(chosen: str = "default") -> dict[str, str]:
    """The profiles the page offers, name -> Chinese display name: the
    shipped ones as ``reportgen profiles`` lists them (their profile.toml
    ``description``, with the name), and ``chosen`` (``serve --profile``)
    when it is a profile folder of the clerk's own.  Raises TemplateError
    when ``chosen`` cannot be loaded."""
    from reportgen.core.profile import bundled_profiles, load_profile

    found = dict(bundled_profiles())
    if chosen not in found:
        found[chosen] = load_profile(chosen).description
    return {name: f"{description}（{name}）" if description else name
            for name, description in found.items()}


def _pdf_available() -> bool:
    from reportgen.render.pdf import soffice
    return soffice() is not None


def _is_loopback(host: Optional[str]) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """The host part of a Host header ("127.0.0.1:8765" -> "127.0.0.1")."""
    h = host_header.strip().lower()
    if h.startswith("["):
        return h[: h.find("]") + 1] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


def _same_host(name: str, bound: Optional[str]) -> bool:
    """Whether a Host header's host part ``name`` is one a loopback page
    answers to: 127.0.0.1, localhost, ::1, or the address ``bound``
    (``serve --host``) however written (``[::1]``, ``0:0::1``)."""
    if name in LOOPBACK_NAMES:
        return True
    if not bound:
        return False
    try:
        return ipaddress.ip_address(name.strip("[]")) == ipaddress.ip_address(bound.strip("[]"))
    except ValueError:
        return name == bound.lower()


def _url_host(host: str) -> str:
    """``host`` as written in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class ReportgenWeb:
    """The app's state; ``.app`` is the ASGI application."""

    def __init__(self, config: Config = Config()):
        self.config = config
        self.sessions: dict[str, Session] = {}
        self.root: Optional[Path] = None
        self.pool: Optional[ProcessPoolExecutor] = None
        self.build_slots: Optional[asyncio.Semaphore] = None
        self.pdf = _pdf_available() if config.pdf is None else config.pdf
        self.profiles = profiles(config.profile)
        self.tasks: set[asyncio.Task] = set()
        self.env = Environment(loader=PackageLoader("reportgen.web", "templates"),
                               autoescape=select_autoescape(["html"]))
        routes = [
            Route("/", self.index),
            Route("/api/blank", self.blank, methods=["POST"]),
            Route("/api/upload", self.upload, methods=["POST"]),
            Route("/api/uploads/{uid}/delete", self.delete_upload, methods=["POST"]),
            Route("/api/uploads/{uid}/check", self.recheck, methods=["POST"]),
            Route("/api/last", self.upload_last, methods=["POST"]),
            Route("/api/last/delete", self.delete_last, methods=["POST"]),
            Route("/api/clear", self.clear, methods=["POST"]),
            Route("/api/build", self.build, methods=["POST"]),
            Route("/api/runs/{rid}", self.run_state),
            Route("/download/{rid}/all.zip", self.download_zip),
            Route("/download/{rid}/{uid}/{index:int}", self.download),
            Mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static"),
        ]
        self.app = Starlette(routes=routes, lifespan=self.lifespan,
                             exception_handlers={Exception: self._internal_error})
        self.asgi = self._guard(self.app)

    # -- life cycle --------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        """The server's life: its private root folder (stale ones of dead
        servers removed first) and the pool of spawned build workers, made at
        start; the workers ended and the folder removed at shutdown."""
        remove_stale_folders()
        self.root = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{os.getpid()}-"))
        os.chmod(self.root, 0o700)
        # spawned workers: the server's threads are never forked
        self.pool = ProcessPoolExecutor(max_workers=max(1, self.config.jobs),
                                        mp_context=multiprocessing.get_context("spawn"),
                                        initializer=watch_parent, initargs=(os.getpid(),))
        self.build_slots = asyncio.Semaphore(max(1, self.config.jobs))
        sweeper = asyncio.create_task(self._sweep())
        try:
            yield
        finally:
            sweeper.cancel()
            for t in list(self.tasks):
                t.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
            shutil.rmtree(self.root, ignore_errors=True)
            self.sessions.clear()

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(60)
            self.expire()

    def expire(self, now: Optional[float] = None) -> None:
        """Remove the sessions unused for SESSION_IDLE seconds (not while
        they check or build), with their files."""
        now = time.monotonic() if now is None else now
        for sid, s in list(self.sessions.items()):
            if not s.busy and now - s.last_seen > SESSION_IDLE:
                self._drop(sid)

    def _drop(self, sid: str) -> None:
        s = self.sessions.pop(sid, None)
        if s is not None:
            shutil.rmtree(s.folder, ignore_errors=True)

    async def _in_worker(self, func, *args):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, func, *args)

    # -- the guard: access, errors -----------------------------------------------------

    def _guard(self, app):
        """ASGI wrapper: refuse what may not come in, and turn any failure
        into a Chinese message (never a traceback for the clerk)."""

        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            request = Request(scope)
            try:
                redirect = self._check_access(request)
            except Refused as exc:
                return await _page(exc.status, exc.message)(scope, receive, send)
            if redirect is not None:
                return await redirect(scope, receive, send)
            started = False

            async def watched_send(message):
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                await send(message)

            try:
                await app(scope, receive, watched_send)
            except Exception:  # noqa: BLE001 - the clerk sees a message, not a traceback
                # Starlette has answered already (``_internal_error``) and
                # re-raises for the server's log: it ends here
                if not started:
                    await _json_error(500, _INTERNAL)(scope, receive, send)

        return guarded

    async def _internal_error(self, request: Request, exc: Exception) -> Response:
        if self.config.debug:
            traceback.print_exception(exc)
        return _json_error(500, _INTERNAL)

    def _check_access(self, request: Request) -> Optional[Response]:
        token = self.config.token
        if token is None:
            client = request.client.host if request.client else None
            if not _is_loopback(client):
                raise Refused(403, "本服务只接受本机访问。如需让其他电脑访问，请用 --host 启动，"
                                   "并使用启动时显示的带令牌地址。")
            if not _same_host(_host_name(request.headers.get("host", "")), self.config.host):
                addr = _url_host(self.config.host or "127.0.0.1")
                raise Refused(400, f"地址不正确：请用 http://{addr}:端口/ 打开本页。")
            return None
        given = request.query_params.get("token")
        if given is not None and hmac.compare_digest(given.encode(), token.encode()):
            # the token leaves the address bar at once and is kept in a cookie
            target = request.url.remove_query_params("token")
            r = RedirectResponse(str(target.path) + (f"?{target.query}" if target.query else ""),
                                 status_code=303)
            r.set_cookie(ACCESS_COOKIE, token, httponly=True, samesite="strict")
            return r
        cookie = request.cookies.get(ACCESS_COOKIE, "")
        if not hmac.compare_digest(cookie.encode(), token.encode()):
            raise Refused(403, "需要访问令牌：请使用启动 reportgen serve 时显示的完整地址（含 ?token=…）打开本页。")
        return None

    # -- sessions and CSRF -------------------------------------------------------------

    def _session(self, request: Request) -> Optional[Session]:
        sid = request.cookies.get(SESSION_COOKIE, "")
        s = self.sessions.get(sid)
        if s is not None:
            s.touch()
        return s

    def _new_session(self) -> Session:
        self.expire()
        if len(self.sessions) >= MAX_SESSIONS:   # the longest unused goes first
            idle = sorted((s.last_seen, sid) for sid, s in self.sessions.items() if not s.busy)
            for _, sid in idle[: len(self.sessions) - MAX_SESSIONS + 1]:
                self._drop(sid)
        sid = secrets.token_urlsafe(32)
        folder = Path(tempfile.mkdtemp(prefix="s-", dir=self.root))
        s = Session(sid, secrets.token_urlsafe(32), folder)
        self.sessions[sid] = s
        return s

    def _posted(self, request: Request) -> Session:
        """The session of a state-changing request, refused unless it comes
        from this app's own page."""
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise Refused(403, "拒绝来自其他网站的请求。")
        origin = request.headers.get("origin")
        if origin is not None and origin != "null":
            host = request.headers.get("host", "")
            if origin.split("://", 1)[-1].rstrip("/") != host:
                raise Refused(403, "拒绝来自其他网站的请求。")
        s = self._session(request)
        if s is None:
            raise Refused(401, "页面已过期（长时间未使用，文件已清除）。请刷新页面后重新上传。")
        given = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(given.encode(), s.csrf.encode()):
            raise Refused(403, "请求缺少页面校验码，已拒绝。请刷新页面后重试。")
        return s

    # -- pages and API -----------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        """GET /: the page, starting a session (cookie) where there is none."""
        s = self._session(request) or self._new_session()
        html = self.env.get_template("index.html").render(
            csrf=s.csrf, profiles=self.profiles, profile=self.config.profile, pdf=self.pdf,
            max_mb=self.config.max_upload_bytes // (1024 * 1024),
            max_bytes=self.config.max_upload_bytes,
            max_uploads=self.config.max_uploads, year=time.localtime().tm_year - 1,
            state=_script_json({"uploads": [u.public() for u in s.uploads.values()],
                                "last": s.last.public() if s.last is not None else None}))
        r = HTMLResponse(html, headers=_NO_STORE)
        r.set_cookie(SESSION_COOKIE, s.id, httponly=True, samesite="strict")
        return r

    async def blank(self, request: Request) -> Response:
        """POST /api/blank {"year", "unit"}: a blank input workbook (xlsx)."""
        try:
            s = self._posted(request)
            data = await _json_body(request)
            year = data.get("year")
            if year not in (None, ""):
                try:
                    year = int(str(year).strip())
                except ValueError:
                    raise Refused(400, "年度须为四位数字，如 2023。") from None
                if not 2000 <= year <= 2100:
                    raise Refused(400, "年度须在 2000 至 2100 之间，如 2023。")
            else:
                year = None
            unit = str(data.get("unit") or "").strip()[:100] or None
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        from reportgen.init_workbook import write_blank

        target = s.folder / f"blank-{secrets.token_hex(8)}.xlsx"
        s.busy += 1
        try:
            await self._in_worker(write_blank, target, year, unit)
        finally:
            s.busy -= 1
        name = f"{safe_filename(unit or '输入工作簿')}-{year or ''}".rstrip("-") + ".xlsx"
        return FileResponse(target, filename=name, headers=_NO_STORE,
                            background=BackgroundTask(target.unlink, missing_ok=True))

    async def upload(self, request: Request) -> Response:
        """POST /api/upload, the workbook as the body, its name (URL-encoded)
        in X-File-Name: the Upload with its check result (JSON)."""
        try:
            s = self._posted(request)
            if len(s.uploads) >= self.config.max_uploads:
                raise Refused(413, f"每次最多上传 {self.config.max_uploads} 个工作簿。"
                                   "请先点“清除全部”，或分批处理。")
            uid, name, path, size = await self._receive(request, s)
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        up = Upload(uid, name, path, size)
        s.uploads[uid] = up
        await self._check(s, up)
        return JSONResponse(up.public(), headers=_NO_STORE)

    async def _receive(self, request: Request, s: Session,
                       prefix: str = "") -> tuple[str, str, Path, int]:
        """The posted workbook streamed into the session's folder as
        ``<prefix><random id>.xlsx``: (id, shown name, path, size in bytes).
        Refused (nothing kept) when over ``max_upload_bytes``."""
        name = shown_name(unquote(request.headers.get("x-file-name", "")))
        limit = self.config.max_upload_bytes
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise _too_large(name, limit)
        uid = secrets.token_hex(8)
        path = s.folder / f"{prefix}{uid}.xlsx"
        size = 0
        with open(path, "xb") as fh:
            try:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(name, limit)
                    fh.write(chunk)
            except BaseException:
                fh.close()
                path.unlink(missing_ok=True)
                raise
        return uid, name, path, size

    async def _check(self, s: Session, up: Upload) -> None:
        """``up`` checked (in a worker) against the session's last year's
        workbook, if any, as ``validate --last`` does."""
        last, last_name = s.last_args()
        s.busy += 1
        try:
            result = await self._in_worker(check_upload, str(up.path), up.name,
                                           self.config.after, last, last_name)
            up.result = shown(result, s.names(), self.root)
        finally:
            s.busy -= 1

    async def recheck(self, request: Request) -> Response:
        """POST /api/uploads/{uid}/check: check the upload again (after last
        year's workbook was given or removed); the Upload as JSON."""
        try:
            s = self._posted(request)
            up = s.uploads.get(request.path_params["uid"])
            if up is None:
                raise Refused(404, "找不到该工作簿（可能已移除），请重新上传。")
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        await self._check(s, up)
        return JSONResponse(up.public(), headers=_NO_STORE)

    async def upload_last(self, request: Request) -> Response:
        """POST /api/last, last year's workbook as the body, its name
        (URL-encoded) in X-File-Name: read, validated and computed as
        ``--last`` does (``carry.last_year``), then used by every later check
        and build of the session.  Returns its public dict (name, unit,
        year), or an error (the previous one, if any, stays in use)."""
        try:
            s = self._posted(request)
            uid, name, path, _ = await self._receive(request, s, prefix="last-")
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        s.busy += 1
        try:
            got = await self._in_worker(read_last_upload, str(path), name, self.config.after)
        finally:
            s.busy -= 1
        if got["status"] != "ok":
            path.unlink(missing_ok=True)
            return _json_error(422, shown(got["message"], s.names() + [(str(path), name)],
                                          self.root))
        if s.last is not None:
            s.last.path.unlink(missing_ok=True)
        s.last = LastUpload(uid, name, path, got["last"], got["unit"], got["year"])
        return JSONResponse(s.last.public(), headers=_NO_STORE)

    async def delete_last(self, request: Request) -> Response:
        """POST /api/last/delete: no longer check against last year's workbook."""
        try:
            s = self._posted(request)
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        if s.last is not None:
            s.last.path.unlink(missing_ok=True)
            s.last = None
        return JSONResponse({"ok": True})

    async def delete_upload(self, request: Request) -> Response:
        """POST /api/uploads/{uid}/delete: forget one upload and its file."""
        try:
            s = self._posted(request)
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        up = s.uploads.pop(request.path_params["uid"], None)
        if up is not None:
            up.path.unlink(missing_ok=True)
        return JSONResponse({"ok": True})

    async def clear(self, request: Request) -> Response:
        """POST /api/clear: remove all of the session's files."""
        try:
            s = self._posted(request)
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        if s.busy:
            return _json_error(409, "还有工作簿正在检查或生成，请等其完成后再清除。")
        for child in s.folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        s.uploads.clear()
        s.runs.clear()
        s.last = None
        return JSONResponse({"ok": True})

    async def build(self, request: Request) -> Response:
        """POST /api/build {"profile", "pdf", "uploads"?}: start building
        (all uploads by default; ``profile`` one the page offers, by default
        the one ``serve --profile`` chose), checked against the session's
        last year's workbook if given, as ``build --profile P --last L``;
        returns {"run", "state"} at once."""
        try:
            s = self._posted(request)
            data = await _json_body(request)
            profile = str(data.get("profile") or self.config.profile)
            if profile not in self.profiles:
                raise Refused(400, f"没有名为“{profile}”的模板方案。")
            pdf = bool(data.get("pdf"))
            if pdf and not self.pdf:
                raise Refused(400, "本机未安装 LibreOffice，无法生成 PDF。请去掉“同时生成 PDF”。")
            chosen = [s.uploads[u] for u in (data.get("uploads") or list(s.uploads))
                      if isinstance(u, str) and u in s.uploads]
            if not chosen:
                raise Refused(400, "还没有上传工作簿。")
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        rid = secrets.token_hex(8)
        folder = s.folder / f"run-{rid}"
        (folder / "out").mkdir(parents=True)
        (folder / "claims").mkdir()
        run = Run(rid, folder, profile, pdf,
                  {u.id: {"state": "waiting", "name": u.name} for u in chosen})
        last, _ = s.last_args()
        run.names = s.names()
        s.runs[rid] = run
        options = Options(profile=profile, claims=str(folder / "claims"), last=last)
        for u in chosen:
            task = asyncio.create_task(self._build_one(s, run, u, options))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return JSONResponse({"run": rid, "state": self._run_public(run)})

    async def _build_one(self, s: Session, run: Run, up: Upload, options: Options) -> None:
        item = run.items[up.id]
        s.busy += 1
        try:
            async with self.build_slots:
                item["state"] = "running"
                outcome = await self._in_worker(build_one, str(up.path),
                                                str(run.folder / "out"), options, run.pdf,
                                                self.config.after)
            o = asdict(outcome)
            said = shown({"message": o["message"], "notes": o["messages"]}, run.names, self.root)
            item.update(status=o["status"], status_text=STATUS_TEXT[o["status"]],
                        errors=o["errors"], warnings=o["warnings"], unit=o["unit"],
                        message=said["message"], notes=said["notes"],
                        outputs=[str(p) for p in o["outputs"]])
        except Exception as exc:  # noqa: BLE001 - a worker that died
            item.update(status=2, status_text=STATUS_TEXT[2], errors=0, warnings=0, unit="",
                        message=f"处理进程异常退出（{type(exc).__name__}）", notes=[], outputs=[])
        finally:
            item["state"] = "done"
            s.busy -= 1

    def _run_public(self, run: Run) -> dict:
        items = []
        for uid, it in run.items.items():
            pub = {k: v for k, v in it.items() if k != "outputs"}
            pub["id"] = uid
            pub["files"] = [{"name": Path(p).name, "url": f"/download/{run.id}/{uid}/{i}"}
                            for i, p in enumerate(it.get("outputs", []))]
            items.append(pub)
        built = any(it.get("outputs") for it in run.items.values())
        return {"id": run.id, "done": run.done, "items": items,
                "zip": f"/download/{run.id}/all.zip" if run.done and built else None}

    async def run_state(self, request: Request) -> Response:
        """GET /api/runs/{rid}: each workbook's state and its download links."""
        s = self._session(request)
        run = s.runs.get(request.path_params["rid"]) if s else None
        if run is None:
            return _json_error(404, "找不到这次生成（页面可能已过期），请刷新页面。")
        return JSONResponse(self._run_public(run), headers=_NO_STORE)

    async def download(self, request: Request) -> Response:
        """GET /download/{rid}/{uid}/{index}: one output, by number (never by name)."""
        s = self._session(request)
        run = s.runs.get(request.path_params["rid"]) if s else None
        item = run.items.get(request.path_params["uid"]) if run else None
        outputs = item.get("outputs", []) if item else []
        i = request.path_params["index"]
        if not 0 <= i < len(outputs):
            return _page(404, "找不到该文件（页面可能已过期），请刷新页面后重新生成。")
        path = Path(outputs[i])
        return FileResponse(path, filename=path.name, headers=_NO_STORE)

    async def download_zip(self, request: Request) -> Response:
        """GET /download/{rid}/all.zip: every output of a finished run."""
        s = self._session(request)
        run = s.runs.get(request.path_params["rid"]) if s else None
        if run is None or not run.done:
            return _page(404, "找不到这次生成的文件，或尚未生成完毕。")
        files = [Path(p) for it in run.items.values() for p in it.get("outputs", [])]
        if not files:
            return _page(404, "这次生成没有产生文件（各工作簿均有错误）。")
        if run.zip_path is None:
            target = run.folder / "all.zip"
            await asyncio.get_running_loop().run_in_executor(None, _zip, files, target)
            run.zip_path = target
        return FileResponse(run.zip_path, filename="部门决算公开文件.zip", headers=_NO_STORE)


_NO_STORE = {"Cache-Control": "no-store"}
_INTERNAL = ("内部错误，操作未完成。请重试；如仍出错，请用命令行 reportgen build --debug 处理该工作簿，"
             "并把输出反馈给维护人员。")


def _zip(files: list[Path], target: Path) -> None:
    """All outputs of a run in one zip, by their names (the batch's claims
    already made them unique), written under a temporary name first."""
    part = target.with_suffix(".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, arcname=f.name)
    part.replace(target)


def _too_large(name: str, limit: int) -> Refused:
    return Refused(413, f"{name} 超过 {limit // (1024 * 1024)} MB，不像是决算输入工作簿，已拒绝上传。")


async def _json_body(request: Request) -> dict:
    body = await request.body()
    if len(body) > 64 * 1024:
        raise Refused(413, "请求过大。")
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise Refused(400, "请求格式不正确。") from None
    if not isinstance(data, dict):
        raise Refused(400, "请求格式不正确。")
    return data


def _script_json(data) -> str:
    """JSON safe inside a <script> element (no "<", ">" or "&" left)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=_NO_STORE)


def _page(status: int, message: str) -> HTMLResponse:
    from html import escape
    return HTMLResponse(
        f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>reportgen</title>'
        f"<body><p>{escape(message)}</p></body></html>", status_code=status, headers=_NO_STORE)



def create_app(config: Config = Config()) -> ReportgenWeb:
    """The web app for ``config``: ``create_app(cfg).asgi`` is what uvicorn
    (or a test client) serves."""
    return ReportgenWeb(config)
