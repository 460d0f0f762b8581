"""Where the council's keys live, and the setup file every laptop gets.

The council admin keeps one folder (``--keys DIR``; default ``<data dir>/council``):

=============================  ============================================================
``council-sealing-key.pem``    X25519 private key that opens bundles (passphrase-protected)
``council-signing-key.pem``    Ed25519 private key that signs receipts (same passphrase)
``council.pub``                the public setup file: both public keys, one line each
``trusted-devices.json``       the trust list of laptops
=============================  ============================================================

``council.pub`` is what a laptop needs: the sealing key (so bundles only the council can
open) and the receipt key (so a forged receipt cannot make the laptop clear meetings the
council never received). On a laptop it sits at ``<data dir>/council.pub``.

Why a second key for receipts: the X25519 key can only agree secrets, not sign, and a
receipt must be checkable by every laptop while only the council can make one.

Why the private key files keep their ``.pem`` names although they now hold scrypt-protected
JSON (``cinchair.sync.keys.keys.save_protected``): older key folders hold encrypted PKCS#8 PEM
under these very names, and they are upgraded *in place* the first time they open, so one
name per key is never ambiguous (no old and new file side by side, one of them stale), and
the admin's backups, scripts and the documented ``store recover --council-private
council-sealing-key.pem`` keep working. The reader sniffs the content, not the extension.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from cinchair.app.files import write_atomically
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.sync.keys.council_key_file import (
    KeyFileProtection,
    OpenedKeyFile,
    key_file_protection,
    load_protected,
    open_protected,
    save_protected,
)
from cinchair.sync.keys.keys import (
    COUNCIL_TEXT_TAG,
    CouncilKeys,
    CouncilPublicKey,
    KeyProblem,
    _b64,
    _parse_public_text,
    key_id,
    verify_ed25519,
)
from cinchair.sync.keys.problem import check_new_passphrase
from cinchair.sync.keys.trust_list import TrustList

SEALING_KEY_FILE = "council-sealing-key.pem"
SIGNING_KEY_FILE = "council-signing-key.pem"
PUBLIC_FILE = "council.pub"
TRUST_FILE = "trusted-devices.json"
RECEIPT_TEXT_TAG = "cinchair-council-ed25519"
SEALING_WHAT = "council private key"  # how messages name each key file
RECEIPT_WHAT = "council receipt key"


def default_keys_dir() -> Path:
    """The admin's key folder when none is named: ``<data dir>/council``."""
    from cinchair.app.paths import data_dir

    return data_dir() / "council"


def laptop_council_file() -> Path:
    """Where a laptop keeps the council's public setup file."""
    from cinchair.app.paths import data_dir

    return data_dir() / PUBLIC_FILE


# --- the receipt-signing key ---------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptPublicKey:
    """The council's public receipt key: laptops check receipts with it."""

    raw: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.raw)

    @classmethod
    def from_text(cls, text: str) -> ReceiptPublicKey:
        raw, _ = _parse_public_text(text, RECEIPT_TEXT_TAG, "council receipt")
        return cls(raw)

    def public_text(self) -> str:
        return f"{RECEIPT_TEXT_TAG} {_b64(self.raw)} {self.key_id}"

    def verify(self, signature: bytes, data: bytes) -> bool:
        return verify_ed25519(self.raw, signature, data)


class ReceiptSigningKey:
    """The council's Ed25519 key for signing receipts, kept like the sealing key."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = ReceiptPublicKey(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    def __repr__(self) -> str:
        return f"ReceiptSigningKey(key_id={self.public.key_id!r})"

    @classmethod
    def generate(cls) -> ReceiptSigningKey:
        return cls(Ed25519PrivateKey.generate())

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)

    def save_private(self, path: Path, passphrase: str, *, work: int = SCRYPT_N) -> Path:
        return save_protected(self._private, path, passphrase, work=work)

    @classmethod
    def load_private(cls, path: Path, passphrase: str) -> ReceiptSigningKey:
        return cls(load_protected(path, passphrase, Ed25519PrivateKey, RECEIPT_WHAT))


# --- the public setup file -----------------------------------------------------------------


@dataclass(frozen=True)
class CouncilPublic:
    """What a laptop needs of the council: where to seal, and whose receipts to believe."""

    sealing: CouncilPublicKey
    receipts: ReceiptPublicKey | None

    def text(self) -> str:
        lines = [self.sealing.public_text()]
        if self.receipts is not None:
            lines.append(self.receipts.public_text())
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str, source: str = "the council key") -> CouncilPublic:
        """Both keys from ``council.pub`` text, or just the sealing line pasted on its own."""
        sealing: CouncilPublicKey | None = None
        receipts: ReceiptPublicKey | None = None
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                if line.startswith(COUNCIL_TEXT_TAG):
                    sealing = CouncilPublicKey.from_text(line)
                elif line.startswith(RECEIPT_TEXT_TAG):
                    receipts = ReceiptPublicKey.from_text(line)
                else:
                    raise KeyProblem(
                        f"a line starts with {line.split()[0][:40]!r}, which is not a council key"
                    )
            except KeyProblem as exc:
                raise KeyProblem(f"{source}: {exc}") from exc
        if sealing is None:
            raise KeyProblem(
                f"{source} holds no council sealing key (a line starting {COUNCIL_TEXT_TAG!r}); "
                "use the council.pub file the council admin sent"
            )
        return cls(sealing, receipts)

    @classmethod
    def load(cls, path: Path) -> CouncilPublic:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise KeyProblem(
                f"there is no council key at {path}: ask the council admin for council.pub "
                "and install it with 'cinchair keys install-council FILE'"
            ) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyProblem(f"the council key file {path} cannot be read ({exc})") from exc
        return cls.parse(text, str(path))

    @classmethod
    def from_file_or_text(cls, value: str) -> CouncilPublic:
        """A path to ``council.pub``, or the key text itself (as pasted on a command line)."""
        if value.lstrip().startswith((COUNCIL_TEXT_TAG, RECEIPT_TEXT_TAG)):
            return cls.parse(value)
        return cls.load(Path(value))


def install_council_public(public: CouncilPublic, path: Path | None = None) -> Path:
    """Save the council's public keys on this laptop (``<data dir>/council.pub``)."""
    return write_atomically(path or laptop_council_file(), public.text().encode("utf-8"))


def laptop_council_public(path: Path | None = None) -> CouncilPublic:
    """The council's public keys as installed on this laptop; ``KeyProblem`` if missing."""
    return CouncilPublic.load(path or laptop_council_file())


# --- the admin's desk ----------------------------------------------------------------------


@dataclass
class CouncilDesk:
    """The opened key folder: what the importer needs to open bundles and sign receipts."""

    folder: Path
    sealing: CouncilKeys
    receipts: ReceiptSigningKey
    # how each key file opened (an old PEM file upgraded, or why not); empty when just made
    opened: tuple[OpenedKeyFile, ...] = field(default=(), repr=False)

    @property
    def trust_path(self) -> Path:
        return self.folder / TRUST_FILE

    @property
    def public(self) -> CouncilPublic:
        return CouncilPublic(self.sealing.public, self.receipts.public)

    def trust_list(self) -> TrustList:
        """Read afresh each time: another admin may have trusted or revoked a laptop."""
        return TrustList.load(self.trust_path)

    @property
    def notes(self) -> list[str]:
        """Calm lines for the admin: key files in the old format that could not be upgraded."""
        return [opened.note for opened in self.opened if opened.note]

    @classmethod
    def create(cls, folder: Path, passphrase: str, *, work: int = SCRYPT_N) -> CouncilDesk:
        """Make the council's key pair in ``folder``; refuses to overwrite existing keys.

        Overwriting would strand every bundle sealed to the old key and every laptop that
        has the old ``council.pub``, so an existing key must be moved aside by hand.
        ``work`` is the scrypt cost of the key files: the app never passes it; tests pass
        a small one (see ``save_protected``).
        """
        folder = Path(folder)
        for name in (SEALING_KEY_FILE, SIGNING_KEY_FILE):
            if (folder / name).exists():
                raise KeyProblem(
                    f"{folder / name} already exists; council keys are made once. Move the "
                    "folder aside first if you really mean to start again (laptops will "
                    "need the new council.pub)"
                )
        check_new_passphrase(passphrase)
        desk = cls(folder, CouncilKeys.generate(), ReceiptSigningKey.generate())
        desk.sealing.save_private(folder / SEALING_KEY_FILE, passphrase, work=work)
        desk.receipts.save_private(folder / SIGNING_KEY_FILE, passphrase, work=work)
        write_atomically(folder / PUBLIC_FILE, desk.public.text().encode("utf-8"))
        return desk

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> CouncilDesk:
        """The key folder opened with its passphrase; ``KeyProblem`` saying what is wrong.

        Each key file costs a scrypt derivation (about 0.3 s), so a run opens the desk once
        and hands it to everything that needs it (the importer takes it for all bundles).
        Key files in the old PEM format are upgraded here; ``notes`` says if one could not be.
        """
        folder = Path(folder)
        sealing_path = folder / SEALING_KEY_FILE
        if not sealing_path.exists():
            raise KeyProblem(
                f"no council keys in {folder} (expected {SEALING_KEY_FILE}); make them with "
                "'cinchair keys council-new --out FOLDER' or name the folder with --keys"
            )
        sealing = open_protected(sealing_path, passphrase, X25519PrivateKey, SEALING_WHAT)
        receipts = open_protected(
            folder / SIGNING_KEY_FILE, passphrase, Ed25519PrivateKey, RECEIPT_WHAT
        )
        return cls(
            folder,
            CouncilKeys(sealing.private),
            ReceiptSigningKey(receipts.private),
            (sealing, receipts),
        )


def key_folder_protection(folder: Path) -> list[KeyFileProtection]:
    """How each private key file in ``folder`` is protected (no passphrase needed)."""
    folder = Path(folder)
    return [
        key_file_protection(folder / SEALING_KEY_FILE, SEALING_WHAT),
        key_file_protection(folder / SIGNING_KEY_FILE, RECEIPT_WHAT),
    ]


def public_of_folder(folder: Path) -> CouncilPublic:
    """The public setup file of a key folder (no passphrase needed)."""
    return CouncilPublic.load(Path(folder) / PUBLIC_FILE)
