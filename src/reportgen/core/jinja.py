"""The one Jinja environment every renderer uses.

Templates are edited by clerks and profiles are copied between regions, so
the environment is sandboxed and strict: a name that does not exist is an
error, never an empty string.  Numbers become text only through the filters
below, which call ``fmt``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional

import jinja2
from jinja2 import BaseLoader, FileSystemBytecodeCache, StrictUndefined, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from reportgen.core import fmt

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_number(value: int) -> str:
    """1 -> 一, 10 -> 十, 26 -> 二十六, 105 -> 一百零五 (0 < value < 10000),
    for the 一、二、… numbering of 表1 and 表4."""
    n = int(value)
    if not 0 < n < 10000:
        raise ValueError(f"cn: {value} 超出 1–9999")
    if 10 <= n < 20:  # 十一, not 一十一
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for size, unit in _UNITS:
        d, n = divmod(n, size)
        if d:
            if zero:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _DIGITS[n]
    return out


def _money(value: Optional[Decimal], blank_zero: bool = False) -> str:
    return fmt.money(value, blank_zero=blank_zero)


def _plain(value: Optional[Decimal]) -> str:
    # the templates' |plain prints amounts (and two-decimal scores): an exact
    # 万元 figure from a 元 workbook is rounded to the cent here, once
    return fmt.money_plain(value)


def _money_short(value: Optional[Decimal]) -> str:
    return fmt.money_short(value)


def _direction(value, words=None) -> tuple[bool, bool]:
    """(up, same) of a computed change (``compute.report.Change``), or of
    the same as a mapping (``up``/``same``, or its ``word`` as the profile
    writes it)."""
    if isinstance(value, Mapping):
        if "up" in value:
            return bool(value["up"]), bool(value.get("same"))
        w = fmt.words_or_default(words)
        return value["word"] == w.increase, value["word"] == w.same
    return bool(value.up), bool(value.same)


# a template formats the changes compute made; it computes none itself
NOT_A_CHANGE = ("change 只写出程序已算好的增减（如 total.change），不在模板中计算；"
                "请改用文档字段中对应的 …change 字段")


def _change(value, *more, words=None) -> str:
    """``{{ c|change }}`` for a computed change (``compute.report.Change``, or
    the same as a mapping): '增加4332.89万元，增长48.5%' / '减少…，下降…%' /
    '持平' (the words of ``words``, a profile's ``[words]``; None: the
    default profile's).  Raises jinja2.TemplateRuntimeError (Chinese: the
    renderers report it as a template error) for anything else, e.g.
    an amount, or given a second figure: a template does not compute the
    change of two figures."""
    if not more and (isinstance(value, Mapping) or hasattr(value, "rate_word")):
        up, same = _direction(value, words)
        return fmt.change_text(value["diff"] if isinstance(value, Mapping) else value.diff,
                               value["rate"] if isinstance(value, Mapping) else value.rate,
                               up, same, words=words)
    raise jinja2.TemplateRuntimeError(NOT_A_CHANGE)


def _rate(value: Optional[Decimal], places: int = 1) -> str:
    return fmt.rate(value, places)


def _join_cn(items, last: Optional[str] = None) -> str:
    return fmt.join_cn(items, last)


# ------------------------------------------------------------ persistent cache
def cache_dir() -> Optional[Path]:
    """The folder where compiled templates are kept between runs, or None
    (no persistent cache).

    ``REPORTGEN_CACHE_DIR`` names it (empty or ``off``: none); otherwise
    ``$XDG_CACHE_HOME/reportgen`` or ``~/.cache/reportgen``.  Made private to
    the user (0700) on first use; a folder that cannot be made means no cache,
    never an error — the cache only saves time."""
    env = os.environ.get("REPORTGEN_CACHE_DIR")
    if env is not None:
        if env.strip().lower() in ("", "off", "0", "none"):
            return None
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) / "reportgen" if xdg else Path.home() / ".cache" / "reportgen"
    # one folder per Jinja and Python version: their compiled code differs
    folder = base / f"jinja-{jinja2.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return folder


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's own file cache of compiled templates (written atomically by
    Jinja, checked against the source's checksum and Jinja's magic when
    read); a full or read-only disk costs the saving, not the build."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:   # a truncated or foreign file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _TextLoader(BaseLoader):
    """Serves templates given as text under the name ``from_string`` gives
    them (a hash of their text), so that Jinja's loader path — and with it
    its bytecode cache — applies to them too."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def get_source(self, environment, template):
        try:
            return self.texts[template], None, lambda: True
        except KeyError:
            raise TemplateNotFound(template) from None


def persistent_json(kind: str, text: str, make: Callable[[], object]):
    """``make()`` (a JSON value), kept in the persistent cache under a hash
    of ``kind`` and ``text`` so the next run finds it — e.g. the names a
    Word template uses, found by parsing a megabyte of XML.  Without a cache
    folder, or when the stored copy cannot be read, ``make()`` is called."""
    folder = cache_dir()
    if folder is None:
        return make()
    digest = hashlib.sha256(f"{kind}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    path = folder / f"{kind}-{digest}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = make()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
    return value


class ReportEnvironment(SandboxedEnvironment):
    """Attribute access prefers a mapping's keys, so ``t.items`` in a
    template is the table's "items" entry, not the dict method.

    Templates given as text are parsed and compiled once per environment
    (``shared_env`` keeps one of each kind per process): a batch renders the
    same templates for every workbook, and compiling them again took a
    fifth of each build.  With a cache folder (``cache_dir``) the compiled
    code is also kept between runs, keyed by a hash of the text, so a cold
    build or a batch worker's first report does not compile again."""

    MEMO_LIMIT = 5000   # distinct sources kept; a template set has a few hundred

    def __init__(self, *args, **kw):
        folder = kw.pop("cache_folder", None)
        super().__init__(*args, **kw)
        self.memo: dict = {}
        if folder is not None:
            self.loader = _TextLoader()
            self.bytecode_cache = _QuietBytecodeCache(str(folder), "%s.jinja")

    def remember(self, key, make):
        """``make()``, kept under ``key`` for the next call."""
        try:
            return self.memo[key]
        except KeyError:
            pass
        value = make()
        if len(self.memo) >= self.MEMO_LIMIT:
            self.memo.clear()
        self.memo[key] = value
        return value

    def parse(self, source, name=None, filename=None):
        """Parse ``source``; a template given as text is parsed once per environment."""
        if name is None and filename is None and isinstance(source, str):
            return self.remember(("parse", source),
                                 lambda: super(ReportEnvironment, self).parse(source))
        return super().parse(source, name, filename)

    def from_string(self, source, globals=None, template_class=None):
        """Compile ``source``; a template given as text is compiled once per
        environment."""
        if globals is None and template_class is None and isinstance(source, str):
            # from the parse a template check may already have made
            return self.remember(("compile", source), lambda: self._compile_text(source))
        return super().from_string(source, globals, template_class)

    def _compile_text(self, source: str):
        if not isinstance(self.loader, _TextLoader):
            # from the parse a template check may already have made
            return super().from_string(self.parse(source))
        # the compiled code depends on the text, on autoescape and on the
        # environment's class; the bytecode cache checks the text's checksum too
        name = "text-" + hashlib.sha256(
            f"{type(self).__qualname__}\0{self.autoescape}\0{source}".encode(
                "utf-8", "surrogatepass")).hexdigest()
        self.loader.texts[name] = source
        try:
            return self.get_template(name)
        finally:
            del self.loader.texts[name]

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Compile ``source``; a text ``from_string`` gave, from the parse a
        template check may already have made (a cache miss parses once)."""
        if isinstance(source, str) and isinstance(name, str) and name.startswith("text-"):
            source = self.parse(source)
        return super().compile(source, name, filename, raw, defer_init)

    def getattr(self, obj, attribute):
        """``obj.attribute`` in a template: a mapping's key first, then the attribute
        (sandboxed)."""
        if isinstance(obj, Mapping):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)


def make_env(autoescape: bool = False, style=None, persistent: bool = True) -> ReportEnvironment:
    """The environment for cell, title and document templates.

    Excel cells are not markup, so escaping is off by default; the Word
    renderer makes its own with ``autoescape=True`` (docx is XML).
    ``persistent`` keeps compiled templates in ``cache_dir()`` between runs
    (when there is one); tests turn it off to see compilation.  Not to be
    changed by its users: ``shared_env`` hands the same one to every caller.
    ``style``: a profile's ``[format]`` (``core.profile.FormatSpec``:
    ``percent_decimals``, ``percent_trim``, ``thousands``) the filters
    follow; None: the 2022 reference's (one decimal, trimmed, separators as
    each filter has them).
    """
    env = ReportEnvironment(undefined=StrictUndefined, autoescape=autoescape,
                            keep_trailing_newline=False, cache_size=0,
                            cache_folder=cache_dir() if persistent else None)
    # no filter divides or subtracts: rates and changes come computed
    # (compute.report.rate, Change); |rate and |change only write them
    env.filters.update(money=_money, rate=_rate, plain=_plain,
                       cn=chinese_number)
    # the Word document's sentences (情况说明)
    env.filters.update(money_short=_money_short, change=_change, join_cn=_join_cn)
    env.filters.update(score=fmt.score)   # 绩效 scores: 17.75, 20, 0.5
    if style is not None:
        env.filters.update(_styled_filters(style))
    return env


def _styled_filters(style) -> dict:
    """The number filters following a profile's [format]: percentages with
    ``percent_decimals`` places (``percent_trim``: trailing zeros dropped);
    amounts with thousands separators everywhere (``thousands`` True),
    nowhere (False) or as each filter has them (None)."""
    places, trim, sep = style.percent_decimals, style.percent_trim, style.thousands

    def money(value, blank_zero=False):
        return fmt.money(value, blank_zero=blank_zero, thousands=sep is not False)

    def plain(value):
        return fmt.money_plain(value, thousands=bool(sep))

    def money_short(value):
        return fmt.money_short(value, thousands=sep is not False)

    def rate(value, places=places):
        return fmt.rate(value, places, trim)

    words = getattr(style, "words", None)

    def change(value, *more):
        if not more and (isinstance(value, Mapping) or hasattr(value, "rate_word")):
            up, same = _direction(value, words)
            if isinstance(value, Mapping):
                value = _Change(value)
            return fmt.change_text(value.diff, value.rate, up, same, places=places, trim=trim,
                                   thousands=bool(sep), words=words)
        raise jinja2.TemplateRuntimeError(NOT_A_CHANGE)

    def join_cn(items, last=None):
        return fmt.join_cn(items, last, words=words)

    return {"money": money, "plain": plain, "money_short": money_short,
            "rate": rate, "change": change, "join_cn": join_cn}


class _Change:
    """A change given as a mapping, read as ``compute.report.Change``."""

    def __init__(self, m: Mapping):
        self.diff, self.rate, self.word, self.rate_word = (
            m["diff"], m["rate"], m["word"], m["rate_word"])


@lru_cache(maxsize=None)
def shared_env(autoescape: bool = False, style=None) -> ReportEnvironment:
    """One ``make_env`` per process, kind and ``style`` (a hashable
    ``FormatSpec``), so that its memo of compiled templates serves every
    build of a batch."""
    return make_env(autoescape, style)


# what Jinja's own (English) messages mean, for the clerk editing a template
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}",
           "end of template": "模板结尾", "name": "名称", "string": "文字",
           "integer": "整数", "float": "数字", "operator": "运算符"}
_JINJA_REASONS = (
    (r"No filter named '(.+?)'( found)?\.?", "没有名为“{0}”的过滤器（竖线 | 后的名称），请检查拼写"),
    (r"No test named '(.+?)'( found)?\.?", "没有名为“{0}”的判断（is 后的名称），请检查拼写"),
    (r"expected token '(.+?)', got '(.+?)'", "此处应为“{0}”，却是“{1}”：括号或引号可能不成对，或少写了符号"),
    (r"unexpected end of template, expected '(.+?)'\.?", "模板在此结束，缺少“{0}”"),
    (r"Unexpected end of template\. Jinja was looking for .*The innermost block that needs to be "
     r"closed is '(.+?)'\.", "{{% {0} %}} 没有对应的 {{% end{0} %}}"),
    (r"Encountered unknown tag '(.+?)'\..*", "未知的标签“{0}”（{{% … %}} 中的第一个词），请检查拼写"),
    (r"unexpected char '(.+?)' at \d+", "无法识别的字符 {0}"),
    (r"unexpected '([^']+)', expected '([^']+)'", "此处应为“{1}”，却是“{0}”：括号或引号可能不成对"),
    (r"unexpected '([^']+)'", "多余的“{0}”"),
    (r"expected name or number", "此处应为名称或数字"),
    (r"'(.+?)' is undefined", "引用了不存在的值“{0}”"),
    (r"'.+?' has no attribute '(.+?)'", "引用了不存在的值“{0}”"),
    (r"unexpected end of template\.?", "模板意外结束：{{ }} 或 {{% %}} 可能不成对"),
)


def jinja_reason(exc: Exception) -> str:
    """A Jinja error of a clerk's template (TemplateSyntaxError, its
    assertion subclass for an unknown filter, UndefinedError …) in Chinese,
    without a final full stop; a message not recognised is kept in brackets
    after a Chinese lead."""
    import re

    text = str(getattr(exc, "message", None) or exc).strip()
    if any(ord(ch) >= 0x2E80 for ch in text):
        return text.rstrip("。")
    for pattern, chinese in _JINJA_REASONS:
        m = re.fullmatch(pattern, text, re.S)
        if m:
            return chinese.format(*(_TOKENS.get(g, g) if g else "" for g in m.groups()))
    return f"写法有误（Jinja：{text}）"
