"""Wheel build hook: validate the bundled rules in full and ship their index in the wheel.

The first run after `pip install .` then answers from licheck/rules.index as a warm run does, with
no YAML parsed and no schema checked. The index records the digest of the rules it was built from,
which `licheck rules verify` checks the installed rule files against (index.verify_bundled), and
the digest of the code it was built by (licheck/code.digest, read by cache.store.code_digest).
An editable install keeps a checkout's behaviour: the rules are indexed in the user cache.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class RulesIndexHook(BuildHookInterface):  # type: ignore[misc]  # hatchling ships no type hints
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from licheck.cache.store import SHIPPED_DIGEST, code_digest
            from licheck.rulesdb.build import build_prebuilt
        finally:
            sys.path.pop(0)
        target = Path(tempfile.mkdtemp(prefix="licheck-build-")) / "rules.index"
        digest = build_prebuilt(root / "rules", target)  # raises on any problem in the rules
        build_data["force_include"][str(target)] = "licheck/rules.index"
        # The code digest the index was built under, so that runs read it instead of hashing the code.
        shipped = target.parent / SHIPPED_DIGEST
        shipped.write_text(code_digest() + "\n", encoding="ascii")
        build_data["force_include"][str(shipped)] = f"licheck/{SHIPPED_DIGEST}"
        self.app.display_info(
            f"licheck: bundled rules indexed ({target.stat().st_size} bytes, digest {digest})"
        )
