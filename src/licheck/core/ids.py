"""Names as people write them, and as licheck looks them up.

A model id may come as a Hub URL, with a revision, a trailing slash or in full-width letters;
each spelling must find the same entry, or a known denied model would turn `unknown` and slip
through a gate that allows unknowns. A name mixing scripts (a Cyrillic E, U+0415, in "EU") is refused.
Pure functions: no I/O.
"""

from __future__ import annotations

import unicodedata

_SCHEMES = ("https://", "http://", "hf://")
_HUB_HOSTS = ("huggingface.co/", "hf.co/")
_PREFIXES = (*_SCHEMES, "www.", *_HUB_HOSTS, "models/")
# what follows a repository in a Hub address: a view of a revision, a file, the repo's pages
_URL_PARTS = (
    "/tree/",
    "/blob/",
    "/resolve/",
    "/raw/",
    "/blame/",
    "/commit/",
    "/commits/",
    "/edit/",
    "/discussions",
    "/community",
    "/settings",
)
_NOT_MODELS = ("datasets", "spaces")  # the Hub's other kinds of repository

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


def spelling(text: str) -> tuple[str, bool]:
    """A model reference stripped of what is not its name, in its own case: URL prefixes (any
    case, with or without a scheme), revisions (`@main`), URL tails (`/tree/main`), a `.git`
    suffix, trailing slashes. The flag says whether it named a Hugging Face address (then only
    ORG/NAME is kept, without an Ollama-style `:tag`). Raises BadName for a name that is not ASCII
    once NFKC has folded full-width letters: a mixed-script name is refused, never looked up."""
    name = unicodedata.normalize("NFKC", text).strip()
    _ascii_only(name, "model")
    hub = False
    changed = True
    while changed:
        changed = False
        name = _trim(name, end=False)  # `/hf.co/x`, `https:// hf.co/x`: what leads is never a name
        for prefix in _PREFIXES:
            if name[: len(prefix)].lower() == prefix:
                name = name[len(prefix) :]
                hub = hub or prefix in _HUB_HOSTS or prefix == "hf://"
                changed = True
    lowered = name.lower()
    cut = min((i for i in (lowered.find(part) for part in _URL_PARTS) if i >= 0), default=len(name))
    name = name[:cut]
    for mark in ("@", "?", "#"):
        name = name.split(mark, 1)[0]
    while "//" in name:  # `ORG//NAME`, as a path or an address may be written, is `ORG/NAME`
        name = name.replace("//", "/")
    name = _trim(name)
    if hub and name.split("/", 1)[0].lower() not in _NOT_MODELS:
        name = _trim("/".join(name.split("/")[:2]).split(":", 1)[0])
    while name[-4:].lower() == ".git":
        name = _trim(name[:-4])
    return name, hub


def _trim(name: str, *, end: bool = True) -> str:
    """`name` without the white space and slashes around it (or only before it, `end=False`),
    however they interleave (a cut at `@` may leave `x\r\n/`): what `spelling` returns is its
    own spelling."""
    while True:
        trimmed = name.strip().strip("/") if end else name.lstrip().lstrip("/")
        if trimmed == name:
            return name
        name = trimmed


def model_id(text: str) -> str:
    """A model reference as licheck looks it up: the one normaliser of model names (the rules'
    ids and aliases, manifests, cards, configs, adapters, file headers, the caches and scans all
    pass through it), lower case, see `spelling`. Raises BadName for a mixed-script name, and for
    one that names nothing (`""`, `https://huggingface.co/`, `@main`)."""
    name = spelling(text)[0].lower()
    if not name:
        raise BadName(f"{text!r}: names no model")
    return name


def name_key(text: str) -> str:
    """How names in a list compare (a policy's exceptions, its allow-overrides): model_id, or the
    name lower-cased when it cannot be a model id (a list entry never raises)."""
    try:
        return model_id(text)
    except BadName:
        return text.strip().lower()


def hub_repo(text: str) -> str | None:
    """The ORG/NAME (or legacy NAME) of a Hugging Face repository that an address or repo id
    names, in its own case: `https://huggingface.co/ORG/NAME/tree/main`, `HF.CO/ORG/NAME`,
    `huggingface.co/ORG/NAME.git`, `ORG/NAME`. None for an address on another host or a value
    that is not a repo id. Raises BadName for a mixed-script name."""
    name, hub = spelling(text)
    parts = name.split("/")
    if not all(parts) or any(c in name for c in " :\\") or len(parts) > 2:
        return None
    if parts[0].lower() in _NOT_MODELS:
        return None
    if not hub and (len(parts) != 2 or "." in parts[0]):  # a bare NAME, or another host's address
        return None
    return name


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
