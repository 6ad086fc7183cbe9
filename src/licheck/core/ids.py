"""Names as people write them, and as licheck looks them up.

A model id may come as a Hub URL, with a revision, a trailing slash or in full-width letters;
each spelling must find the same entry, or a known denied model would turn `unknown` and slip
through a gate that allows unknowns. A name mixing scripts (a Cyrillic E, U+0415, in "EU") is refused.
Pure functions: no I/O.
"""

from __future__ import annotations

import unicodedata

_PREFIXES = ("https://", "http://", "www.", "huggingface.co/", "hf.co/", "models/")
_URL_PARTS = ("/tree/", "/blob/", "/resolve/", "/commit/", "/discussions")

# ISO 3166-1 alpha-2 country codes (officially assigned), for --region and the manifest's region.
COUNTRIES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)

ORG_KINDS = (
    "individual",
    "company",
    "cloud-provider",
    "software-service-provider",
    "government",
    "military",
    "academic",  # universities and academic research institutions
    "nonprofit",  # non-profit organisations
)


class BadName(ValueError):
    """A name that cannot be a model, license or region id (the message says why)."""


def _ascii_only(text: str, what: str) -> str:
    for char in text:
        if not char.isascii():
            name = unicodedata.name(char, "unnamed character")
            raise BadName(f"{text!r}: has the non-ASCII character {char!r} ({name}); {what} ids are ASCII")
    return text


def model_id(text: str) -> str:
    """A model reference as licheck looks it up: lower case, without URL prefixes, revisions
    (`@main`), URL tails (`/tree/main`) or trailing slashes. Raises BadName for a mixed-script name."""
    name = unicodedata.normalize("NFKC", text).strip()
    _ascii_only(name, "model")
    lowered = name.lower()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if lowered.startswith(prefix):
                lowered = lowered[len(prefix) :]
                changed = True
    for part in _URL_PARTS:
        lowered = lowered.split(part, 1)[0]
    lowered = lowered.split("@", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return lowered.strip("/ ")


def region(text: str, known_regions: frozenset[str] | set[str] = frozenset({"EU"})) -> str:
    """A region or ISO country code, upper-cased, from a closed list. Raises BadName otherwise."""
    value = unicodedata.normalize("NFKC", text).strip()
    _ascii_only(value, "region")
    value = value.upper()
    if value in known_regions or value in COUNTRIES:
        return value
    hint = " (the United Kingdom is GB)" if value == "UK" else ""
    raise BadName(
        f"{value!r}: expected an ISO country code (DE, US, GB) or a region "
        f"({', '.join(sorted(known_regions))}){hint}"
    )


def org_kind(text: str) -> str:
    value = text.strip().lower()
    if value not in ORG_KINDS:
        raise BadName(f"{text!r}: expected one of {', '.join(ORG_KINDS)}")
    return value
