"""Numbers, quantities and field names as people write them on a page.

One rule for every number the pages show (metrics, counts, evidence sizes): digits in
groups of three with a comma ("18,400", "1,204.5"), the same in every language; text a map
author wrote (demographics, `extra` values) is shown as written. A unit sits where people
write it: `%` right after the number, a currency symbol before it, any other unit after a
no-break space; a missing value is "—" alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from cxmaps.model.maps import Persona
from cxmaps.model.text import number

__all__ = ["CURRENCY_SYMBOLS", "field_label", "field_rows", "first_name", "number",
           "persona_name", "quantity"]

CURRENCY_SYMBOLS = frozenset("$€£¥")
MISSING = "—"


def quantity(value: int | float | None, unit: str | None) -> str:
    """A value with its unit: "62%", "4.2/5", "$31.5", "4.2 contacts", "—"."""
    if value is None:
        return MISSING
    shown = number(value)
    if not unit:
        return shown
    if unit == "%" or unit.startswith("/"):
        return f"{shown}{unit}"
    if unit in CURRENCY_SYMBOLS:
        sign, digits = ("-", shown[1:]) if shown.startswith("-") else ("", shown)
        return f"{sign}{unit}{digits}"
    return f"{shown}\u00a0{unit}"


CURRENCY_CODES = frozenset({
    "usd", "eur", "gbp", "jpy", "chf", "cad", "aud", "nzd", "cny", "hkd", "sgd", "inr",
    "brl", "mxn", "zar", "sek", "nok", "dkk", "pln", "czk", "huf", "krw", "try", "aed",
})
"""Three-letter currency codes a key may end with: `budget_usd` → "Budget (USD)"."""

ACRONYMS = frozenset({
    "id", "url", "nps", "csat", "ces", "crm", "erp", "kpi", "sla", "sms", "faq", "api",
    "ui", "ux", "b2b", "b2c", "sku", "po", "vat", "iban", "pdf", "gdpr", "eu", "uk",
})
"""Words written in capitals in a label: `crm_id` → "CRM ID"."""

_WORDS = re.compile(r"[_\-]+")


def _capitals(word: str) -> str:
    if word in ACRONYMS or word in CURRENCY_CODES:
        return word.upper()
    if word.endswith("s") and word[:-1] in ACRONYMS:
        return word[:-1].upper() + "s"
    return word


def field_label(key: str) -> str:
    """A `demographics` or `extra` key as a label: `average_order_value_usd` →
    "Average order value (USD)", `nps` → "NPS", `pct_mobile` → "Pct mobile". A key
    written as text (with a space or a capital letter) is a label already: kept as
    written."""
    if not key or " " in key or key != key.lower():
        return key
    words = [w for w in _WORDS.split(key) if w]
    if not words:
        return key
    unit = ""
    if len(words) > 1 and words[-1] in CURRENCY_CODES:
        unit = f" ({words.pop().upper()})"
    shown = [_capitals(w) for w in words]
    first = shown[0]
    shown[0] = first[:1].upper() + first[1:]
    return " ".join(shown) + unit


def field_rows(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """`demographics` or `extra` as (label, value) rows: nested keys joined with ` › `,
    a list as its items joined with commas, values as written."""
    if isinstance(data, dict):
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            label = field_label(str(key))
            rows += field_rows(value, f"{prefix} › {label}" if prefix else label)
        return rows
    if isinstance(data, list):
        return [(prefix, ", ".join(_as_written(v) for v in data))]
    return [(prefix, _as_written(data))]


def _as_written(value: object) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def first_name(persona_name: str) -> str:
    """A persona's name where space is short: "Priya, the busy professional" → "Priya"
    (the part before the first comma, as persona names are written)."""
    head = persona_name.split(",", 1)[0].strip()
    return head or persona_name


def persona_name(persona_id: str, personas: Mapping[str, Persona]) -> str:
    """A persona's display name: its `name`, or its id where the site has no such
    persona (a map may name one that is not written yet)."""
    persona = personas.get(persona_id)
    return persona.name if persona is not None else persona_id
