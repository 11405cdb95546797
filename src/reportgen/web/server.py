"""Serving the web page with uvicorn: ``reportgen serve``."""

from __future__ import annotations

import ipaddress
import logging
import secrets
import socket
import sys
import threading
import time
import webbrowser
from typing import Callable, Optional

from reportgen.core.errors import UnusableInput
from reportgen.web.app import Config, create_app

DEFAULT_PORT = 8765


def needs_token(host: str) -> bool:
    """Whether binding to ``host`` exposes the page beyond this computer
    (anything but a loopback address or "localhost")."""
    if host.lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return True


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; UnusableInput (in Chinese) when the port is taken
    or the address is not this computer's."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UnusableInput("bad_host", f"无法识别的地址：{host}。") from None
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
    except OSError as exc:
        sock.close()
        raise UnusableInput("port_in_use", f"无法在 {host}:{port} 上启动（{exc.strerror}）："
                            "端口可能已被占用，请用 --port 指定其他端口，如 --port 8766。") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT, open_browser: bool = False,
          jobs: int = 2, debug: bool = False, echo: Callable[[str], None] = print,
          after: Optional[Callable[[], object]] = None, profile: str = "default") -> None:
    """Run the page until Ctrl-C (or SIGTERM); each session's files and the
    worker processes are gone when it returns.  ``profile``: the template
    profile chosen when the page opens (a name or folder, as ``build
    --profile``), checked whole first as ``build`` does (TemplateError)."""
    import uvicorn

    from reportgen.build import check_profile

    check_profile(profile)
    token = secrets.token_urlsafe(24) if needs_token(host) else None
    web = create_app(Config(token=token, jobs=jobs, debug=debug, after=after, profile=profile,
                            host=None if token else host))
    sock = bind(host, port)
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    config = uvicorn.Config(web.asgi, log_level="critical" if not debug else "info",
                            access_log=debug, proxy_headers=False, server_header=False,
                            timeout_graceful_shutdown=10)
    server = uvicorn.Server(config)
    echo(f"reportgen 网页已启动：{url}")
    if token:
        echo("本页可从其他电脑访问，须使用上面的完整地址（含令牌）；请只告诉需要使用的人。")
        if host in ("0.0.0.0", "::"):
            echo("其他电脑访问时，请把地址中的 127.0.0.1 换成本机的 IP 地址。")
    else:
        echo("只有本机可以访问。")
    echo("按 Ctrl-C 停止（停止时删除本次上传和生成的全部临时文件）。")
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    if not debug:
        logging.getLogger("uvicorn.error").disabled = True
    try:
        # uvicorn stops on Ctrl-C or SIGTERM, runs the app's shutdown (temporary
        # files, worker processes), then raises the signal again for the caller
        server.run(sockets=[sock])
    finally:
        sock.close()
        if getattr(server, "started", False):
            echo("reportgen 网页已停止，临时文件已删除。")
            sys.stdout.flush()
    if not getattr(server, "started", False):
        raise UnusableInput("server_failed", "网页服务未能启动。请加 --debug 重新运行查看原因。")


def _open_when_started(server, url: str, timeout: float = 30.0) -> None:
    """Open ``url`` in the clerk's browser once ``server`` listens."""
    deadline = time.monotonic() + timeout
    while not getattr(server, "started", False) and time.monotonic() < deadline:
        time.sleep(0.1)
    if getattr(server, "started", False):
        webbrowser.open(url)
