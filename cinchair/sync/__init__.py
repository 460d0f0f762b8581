"""Sync bundles: how a chair's laptop sends a meeting to the council without a network.

A ``.cinsync`` file holds one meeting record and its documents, signed by the laptop's own
device key (so the council knows which laptop made it, and that nothing changed since) and
sealed to the council's public key (so only the council can read it on the way). This
package makes and opens such files (``bundle``, over its layers: ``sealing``,
``inner_zip``, ``manifest``, ``refusals``); the modules beside it do the rest. The format and
the reasons for it are in ``docs/sync-design.md``.

Around the bundle (import them from their modules; this package stays light):

* laptop: ``export.export_meetings`` and ``export.sync_status``,
  ``receipts.load_receipt_file``, ``clear.clear_synced``;
* council: ``council.CouncilDesk`` (the key folder), ``importer.import_bundles``,
  ``conflicts.list_conflicts`` and ``conflicts.resolve_conflict``; the admin's report is
  ``cinchair.cases.report.admin_report``.
"""

from cinchair.sync.bundle.bundle import BUNDLE_SUFFIX, OpenedBundle, make_bundle, open_bundle
from cinchair.sync.bundle.refusals import DEFAULT_LIMITS, REFUSAL_CODES, BundleRefused, Limits
from cinchair.sync.bundle.sealing import MAX_BUNDLE_BYTES, seal, unseal
from cinchair.sync.keys.keys import (
    CouncilKeys,
    CouncilPublicKey,
    DeviceKey,
    DevicePublicKey,
    KeyProblem,
)
from cinchair.sync.keys.trust_list import TrustedDevice, TrustList

__all__ = [
    "BUNDLE_SUFFIX",
    "DEFAULT_LIMITS",
    "MAX_BUNDLE_BYTES",
    "REFUSAL_CODES",
    "BundleRefused",
    "CouncilKeys",
    "CouncilPublicKey",
    "DeviceKey",
    "DevicePublicKey",
    "KeyProblem",
    "Limits",
    "OpenedBundle",
    "TrustList",
    "TrustedDevice",
    "make_bundle",
    "open_bundle",
    "seal",
    "unseal",
]
