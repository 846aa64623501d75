"""Read and write the numerals that number rules: Chinese (一百零五, 壹佰, 兩萬), Roman (IV) and Arabic."""

from __future__ import annotations

from functools import lru_cache

_ZH_DIGITS = dict(zip("〇零一二两兩三四五六七八九", (0, 0, 1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_MYRIADS = frozenset("万萬")
# Financial numerals (大写数字, 壹、貳、 headings) in both scripts, written as everyday ones.
_FINANCIAL = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟", "一二二三三四五六六七八九十百千")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@lru_cache(maxsize=4096)  # a long law reads the same few hundred numerals again and again
def chinese_numeral_to_int(text: str) -> int | None:
    """Read a Chinese (一百零五, 二〇二三, 壹拾貳) or Arabic numeral; None if it is not one."""
    s = text.strip().translate(_FINANCIAL)
    if s.isdecimal():
        return int(s)
    if s and not s.strip("〇零一二两兩三四五六七八九"):
        return int("".join([str(_ZH_DIGITS[c]) for c in s]))
    total, section, digit, last_unit = 0, 0, None, 10**9
    for c in s:
        if c in _ZH_DIGITS:
            if digit:  # two significant digits in a row, as in 一二十
                return None
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS and _ZH_UNITS[c] < last_unit and digit != 0:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit, last_unit = None, _ZH_UNITS[c]
        elif c in _MYRIADS and total == 0 and (section or digit):
            total, section, digit, last_unit = (section + (digit or 0)) * 10_000, 0, None, 10**9
        else:
            return None
    return total + section + (digit or 0) if s else None


def roman_to_int(text: str) -> int | None:
    """Read an upper-case Roman numeral (XIV is 14); None if it is not one."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def int_to_chinese(n: int) -> str:
    """Write n as a Chinese numeral the way statutes do: 十, 十五, 一百一十, 一千零一十."""
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        return int_to_chinese(high) + "万" + ("零" if 0 < low < 1000 else "") + _below_10k(low)
    if n == 0:
        return "零"
    return _below_10k(n)[1:] if 10 <= n < 20 else _below_10k(n)


def _below_10k(n: int) -> str:
    """Write 0 <= n < 10000 with 千百十 and inner zeros as 零; "" for 0."""
    out, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out.append(("零" if zero else "") + "零一二三四五六七八九"[d] + unit)
        zero = bool(out) and not d
    return "".join(out)
