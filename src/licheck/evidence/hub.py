"""The Hugging Face Hub, only when the user asks (`--online`, or `online: true` in a manifest).

Through `huggingface_hub` (the optional `hub` extra, imported only here), which honours
HF_ENDPOINT, HF_TOKEN and HF_HUB_OFFLINE. What is fetched (the card and any LICENSE file, at the
revision the Hub names) lands in the Hugging Face cache with that revision, so the next offline
run, and a lock, find the same facts.
"""

from __future__ import annotations

import os
from pathlib import Path

from licheck.core.errors import LicheckError
from licheck.evidence.folder import read_target
from licheck.evidence.types import Artifact

LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE-MODEL", "LICENSE_MODEL")


class HubError(LicheckError):
    """The Hub could not be asked (no network, a refused token, no `hub` extra)."""


def fetch(repo_id: str, cache_dir: Path | None = None) -> Artifact | None:
    """The model's card and LICENSE files from the Hub, read as evidence; None when the Hub has
    no such model. Raises HubError when the Hub cannot be reached."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        raise HubError(f"--online: HF_HUB_OFFLINE is set, so {repo_id} cannot be looked up on the Hub")
    try:
        from huggingface_hub import HfApi, hf_hub_download
        from huggingface_hub.errors import (
            EntryNotFoundError,
            GatedRepoError,
            HfHubHTTPError,
            RepositoryNotFoundError,
        )
    except ImportError:
        raise HubError(
            "--online needs the `hub` extra: pip install '.[hub]' in a checkout ('licheck-ai[hub]' once released)"
        ) from None

    folder = str(cache_dir) if cache_dir else None
    try:
        info = HfApi().model_info(repo_id, files_metadata=False)
        revision = info.sha
        names = {s.rfilename for s in info.siblings or ()}
        wanted = ["README.md", *(n for n in LICENSE_NAMES if n in names)]
        paths = []
        for name in wanted:
            if name != "README.md" and name not in names:
                continue
            try:
                paths.append(Path(hf_hub_download(repo_id, name, revision=revision, cache_dir=folder)))
            except EntryNotFoundError:
                continue
    except (RepositoryNotFoundError, GatedRepoError):
        return None
    except HfHubHTTPError as error:
        raise HubError(f"--online: the Hub answered {error} for {repo_id}") from None
    except OSError as error:  # connection refused, DNS, timeouts (httpx errors derive from it or not)
        raise HubError(f"--online: cannot reach the Hub for {repo_id}: {error}") from None
    except Exception as error:  # httpx's own transport errors are not OSErrors
        if type(error).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise HubError(f"--online: cannot reach the Hub for {repo_id}: {error}") from None
        raise
    if not paths:
        return None
    snapshot = paths[0].parent
    return read_target(snapshot, repo_id=repo_id, revision=revision, kind="cache-entry")
