"""A case pack file taken in by this laptop: read, checked, filed. One call for the command
line (``cinchair receive``) and the window (Case > Receive cases…) alike.

The laptop's own keys come from its store (the sealing key beside the device key) and the
council's from its ``council.pub``; every check runs before the store is written, so a
refused pack leaves the laptop exactly as it was.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cinchair.store.facade import Store
from cinchair.sync.council import CouncilPublic, laptop_council_public
from cinchair.sync.keys.device import laptop_device_key, laptop_sealing_key
from cinchair.sync.packs.format import MAX_PACK_BYTES, PackRefused
from cinchair.sync.packs.open import open_case_pack
from cinchair.sync.packs.receive import ReceiveResult, receive_case_pack


def read_pack_file(path: Path) -> bytes:
    """The file's bytes, refusing one too large to be a pack before reading it all."""
    source = Path(path).name
    try:
        if Path(path).stat().st_size > MAX_PACK_BYTES:
            raise PackRefused(
                "too-large",
                f"The file is larger than the {MAX_PACK_BYTES:,} bytes a case pack may be. It "
                "is not a case pack, or it was damaged.",
                source,
            )
        return Path(path).read_bytes()
    except OSError as exc:
        raise PackRefused(
            "empty",
            f"The file cannot be read ({exc.strerror or exc}). Check it is there and copy it "
            "again.",
            source,
        ) from exc


def receive_pack_file(
    store: Store,
    path: Path,
    *,
    council: CouncilPublic | None = None,
    now: datetime | None = None,
) -> ReceiveResult:
    """Take the case pack at ``path`` into ``store``; ``PackRefused`` (nothing written) or
    ``KeyProblem`` (no council.pub on this laptop) in words."""
    data = read_pack_file(path)
    council = council or laptop_council_public()
    device = laptop_device_key(store)
    opened = open_case_pack(
        data,
        sealing=laptop_sealing_key(store),
        device_id=device.device_id,
        council=council,
        source=Path(path).name,
    )
    return receive_case_pack(store, opened, now=now)
