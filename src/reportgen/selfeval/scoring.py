"""绩效自评 scoring: the values clerks write, and the rules the tables state.

The self-evaluation tables (部门整体、项目支出、转移支付) print their scoring
rules in their 备注; this module is those rules, and nothing else:

* 预算执行: 得分 = 20 分 × 执行率 (B/A), never more than 20;
* 定量指标: 正向 (目标值 ≥X, or a plain X) 得分 = 分值 × B/A, 反向 (≤X)
  得分 = 分值 × A/B, never more than the 分值 (得分不得突破权重总额);
  a range (“97%≤执行率≤100%”) is met inside it and scored against the
  bound it misses outside it;
* 定性指标: three bands of the 分值 — 达成 80%–100%, 部分达成 50%–80%,
  未达成 below 50% — within which the evaluator chooses the score, so the
  entered 得分 is the score (kept inside 0…分值);
* “无…指标” carries no weight.

目标值 and 完成值 are parsed from what clerks write (“≥90%”, “97%≤执行率≤
100%”, “100 人左右”, “5.5%以内”, “23 场”, “好”, “可持续”).  A value that
cannot be read as a number makes the indicator 定性, and ``Score.note``
says why.  Pure functions on ``Decimal``: no workbook, no file.  Scores are
exact here; ``fmt.rounded`` makes them the printed two decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from reportgen.core import fmt

ZERO = Decimal(0)
HUNDRED = Decimal(100)
BUDGET_WEIGHT = Decimal(20)      # 预算执行情况（20 分）
GOAL_WEIGHT = Decimal(20)        # 项目绩效总目标（20 分）; 年度目标 of the 整体 table
PROJECT_INDICATORS = Decimal(60)  # 项目年度绩效指标（60 分）
TRANSFER_INDICATORS = Decimal(80)  # 转移支付 绩效指标（80 分）

# kinds of a parsed value
EMPTY, NUMBER, RANGE, SEVERAL, WORDS = "空", "数值", "区间", "多个数值", "文字"
# how an indicator is scored
QUANTITATIVE, QUALITATIVE, NO_WEIGHT = "定量", "定性", "无"
POSITIVE, NEGATIVE, INTERVAL = "正向", "反向", "区间"
# bands of a qualitative score (share of the 分值)
ACHIEVED, PARTLY, MISSED = "达成", "部分达成", "未达成"
BANDS = ((Decimal("0.8"), ACHIEVED), (Decimal("0.5"), PARTLY), (ZERO, MISSED))

_NUM = r"\d+(?:\.\d+)?"
_NUM_RE = re.compile(_NUM)
# full-width ASCII (digits, ％, ＞, ＜, ．) as half-width; ㎡ and the like stay
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# comparison words as one symbol, longer phrases first (不低于 before 低于)
_OPERATORS = (
    (">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("≧", "≥"), ("≦", "≤"),
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"),
    ("至少", "≥"), ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不多于", "≤"),
    ("不超过", "≤"), ("不大于", "≤"), ("最多", "≤"),
    (">", "≥"), ("<", "≤"), ("大于", "≥"), ("高于", "≥"), ("超过", "≥"),
    ("小于", "≤"), ("低于", "≤"), ("少于", "≤"),
)
_SUFFIX_DIRECTION = {"及以上": "≥", "以上": "≥", "及以下": "≤", "以下": "≤", "以内": "≤",
                     "之内": "≤", "内": "≤", "左右": "≈", "上下": "≈"}
_ABOUT = ("大约", "约", "近")
_LABEL_MAX, _UNIT_MAX = 16, 8

_SINGLE = re.compile(
    rf"^(?P<label>[^\d≥≤=]*?)(?P<op>[≥≤=])?(?P<num>{_NUM})(?P<unit>[^\d≥≤=]*?)"
    rf"(?P<suffix>{'|'.join(sorted(_SUFFIX_DIRECTION, key=len, reverse=True))})?$")
# “97%≤执行率≤100%”
_RANGE_BOUNDS = re.compile(
    rf"^(?P<lo>{_NUM})(?P<u1>[^\d≥≤]{{0,{_UNIT_MAX}}}?)≤(?P<mid>[^\d≥≤]*)≤(?P<hi>{_NUM})"
    rf"(?P<u2>[^\d≥≤]{{0,{_UNIT_MAX}}})$")
# “300元-4000元”, “5000—8000元”, “95%~100%”
_RANGE_DASH = re.compile(
    rf"^(?P<label>[^\d]{{0,{_LABEL_MAX}}}?)(?P<lo>{_NUM})(?P<u1>[^\d\-—–~至到]{{0,{_UNIT_MAX}}}?)"
    rf"[-—–~至到](?P<hi>{_NUM})(?P<u2>[^\d]{{0,{_UNIT_MAX}}})$")
_NO_INDICATOR = re.compile(r"^无.*指标$")


@dataclass(frozen=True)
class Value:
    """A 目标值 or 完成值 as written, and what it says."""

    text: str
    kind: str
    number: Optional[Decimal] = None   # NUMBER; the sum of a SEVERAL that adds up
    low: Optional[Decimal] = None      # RANGE
    high: Optional[Decimal] = None
    op: str = ""                       # "≥", "≤", "≈" or "" (a plain value)
    unit: str = ""                     # "%", "人", "个社区", "万元", …
    label: str = ""                    # words before the number (“满意率”)
    parts: tuple = ()                  # SEVERAL: (number, text after it) each
    why: str = ""                      # WORDS holding digits: why not a number

    @property
    def percent(self) -> bool:
        """The value is a percentage (its unit starts with %)."""
        return self.unit.startswith("%")

    @property
    def has_digits(self) -> bool:
        """The text holds digits (a number the parser could not read as one value)."""
        return bool(_NUM_RE.search(self.text))


def normalise(text: str) -> str:
    """The value without spaces, full-width ASCII as half-width, thousands
    separators dropped and comparison words as ≥/≤."""
    t = str(text).translate(_FULLWIDTH)
    t = re.sub(r"\s+", "", t)
    t = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)
    for words, symbol in _OPERATORS:
        t = t.replace(words, symbol)
    return t


def same_text(a: str, b: str) -> bool:
    """Two values written alike (spaces and character width aside)."""
    def key(t):
        return re.sub(r"\s+", "", str(t).translate(_FULLWIDTH)).rstrip("。.；;")
    return key(a) == key(b)


def parse_value(raw: object) -> Value:
    """What a 目标值/完成值 cell says: a number with its direction and unit,
    a range, several numbers, or words."""
    text = "" if raw is None else str(raw).strip()
    t = normalise(text)
    if t in ("", "-", "—", "/", "无"):
        return Value(text, EMPTY)
    numbers = list(_NUM_RE.finditer(t))
    if not numbers:
        return Value(text, WORDS)
    if len(numbers) == 2:
        for pattern in (_RANGE_BOUNDS, _RANGE_DASH):
            m = pattern.match(t)
            if m:
                lo, hi = Decimal(m["lo"]), Decimal(m["hi"])
                if lo > hi:
                    lo, hi = hi, lo
                unit = m["u2"] or m["u1"]
                return Value(text, RANGE, low=lo, high=hi, unit=unit,
                             label=m.groupdict().get("label") or m.groupdict().get("mid") or "")
    if len(numbers) == 1:
        m = _SINGLE.match(t)
        if m is None:
            return Value(text, WORDS, why="数值前后的写法无法识别")
        label, unit = m["label"], m["unit"]
        if len(label) > _LABEL_MAX or len(unit) > _UNIT_MAX:
            return Value(text, WORDS, why="数值夹在文字中，无法确定是目标值")
        op = m["op"] or _SUFFIX_DIRECTION.get(m["suffix"] or "", "")
        if op == "=":
            op = ""
        if not op and label.endswith(_ABOUT):
            op = "≈"
        return Value(text, NUMBER, number=Decimal(m["num"]), op=op, unit=unit, label=label)
    parts = []
    for k, m in enumerate(numbers):
        end = numbers[k + 1].start() if k + 1 < len(numbers) else len(t)
        parts.append((Decimal(m.group()), t[m.end():end]))
    return Value(text, SEVERAL, parts=tuple(parts), why="含多个数值")


def units_agree(a: str, b: str) -> bool:
    """Units of target and actual that can be compared: equal, one missing,
    or one the start of the other (场 / 场次)."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def band(share: Decimal) -> str:
    """达成 / 部分达成 / 未达成 for a score as a share of its 分值."""
    for floor, name in BANDS:
        if share >= floor:
            return name
    return MISSED


@dataclass(frozen=True)
class Score:
    """One indicator scored."""

    kind: str                          # 定量 / 定性 / 无
    weight: Decimal
    score: Optional[Decimal]           # exact; None: 无…指标, or 定性 without a score
    direction: str = ""                # 正向 / 反向 / 区间 (定量)
    target: Optional[Decimal] = None   # A and B as used (定量)
    actual: Optional[Decimal] = None
    capped: bool = False               # the formula gave more than the 分值
    met: bool = False                  # full marks: target reached (定量) or 达成 (定性)
    band: str = ""                     # 定性: the band of the score
    note: str = ""                     # why a value was scored as 定性
    note_on: str = ""                  # the value the note is about: "target" / "actual"
    how: str = ""                      # 定量: the rule applied, in words

    @property
    def shortfall(self) -> bool:
        """Scored below its weight: the target was not (fully) reached."""
        return self.kind != NO_WEIGHT and (self.score is None or self.score < self.weight)


def is_no_indicator(name: str, target: str = "", actual: str = "") -> bool:
    """A “无生态效益指标” line: the table says there is no such indicator."""
    return bool(_NO_INDICATOR.match(re.sub(r"\s+", "", name or ""))) and not (
        str(target or "").strip() or str(actual or "").strip())


def _summed(actual: Value, unit: str) -> Optional[Decimal]:
    """Several absolute figures of the target's unit added up (“人力资源公司
    215 家 劳务派遣公司 205 家” against “100 家”): the tables' rule
    “绝对值直接累加计算”.  Percentages are never added."""
    if not unit or unit.startswith("%"):
        return None
    if all(after.startswith(unit) for _, after in actual.parts):
        return sum((n for n, _ in actual.parts), ZERO)
    return None


def _as_percent(v: Decimal, other: Value, mine: Value) -> Decimal:
    """An Excel percentage cell reaches the reader as a fraction (1 for
    100%): against a target in %, a bare 0…1 is read as that fraction."""
    ref = other.high if other.kind == RANGE else other.number
    if other.percent and not mine.unit and v <= 1 and ref is not None and ref > 1:
        return v * HUNDRED
    return v


def _qualitative(weight: Decimal, entered: Optional[Decimal], alike: bool, note: str,
                 note_on: str = "") -> Score:
    if entered is not None:
        s = min(max(entered, ZERO), weight)
        share = s / weight if weight else Decimal(1)
        return Score(QUALITATIVE, weight, s, capped=entered > weight, met=band(share) == ACHIEVED,
                     band=band(share), note=note, note_on=note_on)
    if alike:
        return Score(QUALITATIVE, weight, weight, met=True, band=ACHIEVED, note=note,
                     note_on=note_on)
    return Score(QUALITATIVE, weight, None, note=note, note_on=note_on)


def _n(v: Decimal) -> str:
    return fmt.plain(v)


def _how(weight: Decimal, direction: str, a: "Value", b: Decimal, met: bool) -> str:
    """The rule applied, for the clerk: “正向指标：分值 3 × 完成值 1 ÷ 目标值 5”."""
    if met:
        return f"完成值 {_n(b)} 达到目标值，得满分 {_n(weight)}"
    if direction == INTERVAL:
        bound = a.low if b < a.low else a.high
        if b < a.low:
            return f"完成值 {_n(b)} 低于区间下限：分值 {_n(weight)} × {_n(b)} ÷ {_n(bound)}"
        return f"完成值 {_n(b)} 高于区间上限：分值 {_n(weight)} × {_n(bound)} ÷ {_n(b)}"
    target = a.number if a.kind == NUMBER else (a.low if direction == POSITIVE else a.high)
    if direction == NEGATIVE:
        return f"反向指标：分值 {_n(weight)} × 目标值 {_n(target)} ÷ 完成值 {_n(b)}"
    return f"正向指标：分值 {_n(weight)} × 完成值 {_n(b)} ÷ 目标值 {_n(target)}"


def ratio_score(weight: Decimal, direction: str, a: Value, b: Decimal) -> tuple[Decimal, bool, bool]:
    """(score, capped, met) of a quantitative indicator."""
    if direction == INTERVAL:
        if a.low <= b <= a.high:
            return weight, False, True
        if b < a.low:
            return weight * b / a.low, False, False
        return weight * a.high / b, False, False
    target = a.number if a.kind == NUMBER else (a.low if direction == POSITIVE else a.high)
    if direction == NEGATIVE:
        if b <= target:
            return weight, b < target and b > 0, True
        return weight * target / b, False, False
    if b >= target:
        return weight, b > target, True
    return weight * b / target, False, False


def score_indicator(target: object, actual: object, weight: Optional[Decimal],
                    entered: Optional[Decimal] = None, mode: str = "", name: str = "") -> Score:
    """Score one indicator by the tables' rules.

    ``mode`` (正向/反向/定性, from the clerk) overrides what the target's
    wording says; ``entered`` is the clerk's 得分, which is the score of a
    定性 indicator and only compared for a 定量 one."""
    w = weight if weight is not None else ZERO
    if is_no_indicator(name, str(target or ""), str(actual or "")):
        return Score(NO_WEIGHT, w, None)
    a, b = parse_value(target), parse_value(actual)
    alike = a.kind != EMPTY and same_text(a.text, b.text)
    if mode == QUALITATIVE:
        return _qualitative(w, entered, alike, "")
    if a.kind in (WORDS, EMPTY) and b.kind in (WORDS, EMPTY) and not (a.why or b.why):
        return _qualitative(w, entered, alike, "")

    def unusable(why: str, on: str) -> Score:
        # identical wording needs no number: nothing to compute, nothing to say
        return _qualitative(w, entered, alike, "" if alike else why, "" if alike else on)

    if a.kind not in (NUMBER, RANGE):
        what = a.why or ("不是数值" if a.kind == WORDS else "未填写")
        if a.kind == SEVERAL:
            what = "含多个数值"
        return unusable(f"年初目标值“{a.text}”{what}，按定性指标计分", "target")
    b_number: Optional[Decimal] = None
    if b.kind == NUMBER:
        if not units_agree(a.unit, b.unit):
            return unusable(f"实际完成值的单位“{b.unit}”与目标值的“{a.unit}”不同，按定性指标计分",
                            "actual")
        b_number = b.number
    elif b.kind == SEVERAL and a.kind == NUMBER:
        b_number = _summed(b, a.unit)
    if b_number is None:
        what = b.why or ("不是数值" if b.kind == WORDS else "未填写" if b.kind == EMPTY
                         else "不是单一数值")
        if b.kind == SEVERAL:
            what = "含多个数值"
        return unusable(f"实际完成值“{b.text}”{what}，按定性指标计分", "actual")
    b_number = _as_percent(b_number, a, b)
    if a.kind == RANGE:
        direction = INTERVAL
        if mode == "正向":
            direction = POSITIVE
        elif mode == "反向":
            direction = NEGATIVE
    else:
        direction = NEGATIVE if a.op == "≤" else POSITIVE
        if mode in (POSITIVE, NEGATIVE):
            direction = mode
    a_used = a
    if a.kind == NUMBER and b.percent and not a.unit and a.number <= 1 < b_number:
        a_used = Value(a.text, NUMBER, number=a.number * HUNDRED, op=a.op, unit="%")
    if direction != INTERVAL and a_used.kind == NUMBER and a_used.number == 0 and direction == POSITIVE:
        # a target of 0 reached by anything: nothing to divide by
        return Score(QUANTITATIVE, w, w, POSITIVE, ZERO, b_number, met=True,
                     how=f"目标值为 0，得满分 {_n(w)}")
    s, capped, met = ratio_score(w, direction, a_used, b_number)
    target_number = a_used.number if a_used.kind == NUMBER else None
    return Score(QUANTITATIVE, w, s, direction, target_number, b_number, capped, met,
                 how=_how(w, direction, a_used, b_number, met))


# ------------------------------------------------------------- 预算执行


def execution_rate(budget: Optional[Decimal], actual: Optional[Decimal]) -> Optional[Decimal]:
    """B/A in percent, exact; None without a budget."""
    if budget is None or actual is None or budget <= 0:
        return None
    return actual * HUNDRED / budget


def budget_score(budget: Optional[Decimal], actual: Optional[Decimal],
                 weight: Decimal = BUDGET_WEIGHT) -> Optional[Decimal]:
    """得分 = 分值 × 执行率, at most the 分值; None without a budget."""
    rate = execution_rate(budget, actual)
    if rate is None:
        return None
    return min(weight, weight * rate / HUNDRED)


def parse_rate(raw: object) -> Optional[tuple[Decimal, int]]:
    """A typed 执行率 as (percent, decimals shown): “88.74%” -> (88.74, 2);
    a fraction from a percentage cell, 0.38 -> (38, 0); None if not a rate."""
    v = parse_value(raw)
    if v.kind != NUMBER:
        return None
    n = v.number
    if v.percent:
        places = -n.as_tuple().exponent if n.as_tuple().exponent < 0 else 0
        return n, places
    if n <= Decimal("1.5"):
        pct = n * HUNDRED
        places = max(0, -pct.normalize().as_tuple().exponent)
        return pct, places
    places = -n.as_tuple().exponent if n.as_tuple().exponent < 0 else 0
    return n, places


def rate_agrees(typed: object, rate: Optional[Decimal]) -> Optional[bool]:
    """Whether a typed 执行率 is B/A at the precision it was typed with
    (38% for 37.93%); None when either is missing or unreadable."""
    parsed = parse_rate(typed)
    if parsed is None or rate is None:
        return None
    value, places = parsed
    return fmt.rounded(rate, places) == fmt.rounded(value, places)
