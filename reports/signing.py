"""Ed25519 keys and signatures for certificates (the ``cryptography`` package).

A key pair is two PEM files: the private key (PKCS #8, unencrypted, readable by its owner only:
mode 0600) and the public key (SubjectPublicKeyInfo) that the vendor hands to whoever checks
its certificates. A signature is a JSON object::

    {"algorithm": "Ed25519", "public_key": "<base64 of the 32 raw bytes>",
     "fingerprint": "SHA256:<hex>", "value": "<base64 of the 64-byte signature>"}

The public key travels with the signature so that a signed certificate can be checked for
integrity alone; who signed it is known only by checking it against a public key one trusts
(``twinrig verify --public-key FILE``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from core.verdicts import RigError

ALGORITHM = "Ed25519"
PRIVATE_KEY = "twinrig-signing-key.pem"
PUBLIC_KEY = "twinrig-signing-key.pub.pem"
"""The file names ``twinrig keygen`` writes into its folder."""

_SIGNATURE_KEYS = ("algorithm", "public_key", "fingerprint", "value")


def generate(directory: Path) -> tuple[Path, Path]:
    """A new key pair written into *directory* (made if need be): the private key with mode 0600,
    and the public key. Returns their paths; an existing private key is never overwritten."""
    directory.mkdir(parents=True, exist_ok=True)
    private_path, public_path = directory / PRIVATE_KEY, directory / PUBLIC_KEY
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as error:
        raise RigError(f"{private_path} exists already: keygen does not overwrite a key") from error
    with os.fdopen(descriptor, "wb") as file:
        file.write(private_pem)
    os.chmod(private_path, 0o600)  # whatever the umask
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public_path.write_bytes(public_pem)
    return private_path, public_path


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in the PEM file at *path*; a :class:`RigError` naming it if none."""
    try:
        key = serialization.load_pem_private_key(_read(path, "private key"), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise RigError(f"private key {path}: cannot be read as an unencrypted PEM private key ({error})") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise RigError(f"private key {path}: not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in the PEM file at *path*; a :class:`RigError` naming it if none."""
    try:
        key = serialization.load_pem_public_key(_read(path, "public key"))
    except (ValueError, UnsupportedAlgorithm) as error:
        raise RigError(f"public key {path}: cannot be read as a PEM public key ({error})") from error
    if not isinstance(key, Ed25519PublicKey):
        raise RigError(f"public key {path}: not an Ed25519 public key")
    return key


def _read(path: Path, what: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RigError(f"{what} {path}: cannot be read ({error.strerror or error})") from error
    if b"-----BEGIN" not in data:
        raise RigError(f"{what} {path}: not a PEM file")
    return data


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """``SHA256:`` and the hex SHA-256 of the 32 raw bytes of *key*."""
    return "SHA256:" + hashlib.sha256(_raw(key)).hexdigest()


def sign(payload: bytes, key: Ed25519PrivateKey) -> dict[str, str]:
    """The signature of *payload* with *key*, as the JSON object a certificate carries."""
    public = key.public_key()
    return {
        "algorithm": ALGORITHM,
        "public_key": base64.b64encode(_raw(public)).decode("ascii"),
        "fingerprint": fingerprint(public),
        "value": base64.b64encode(key.sign(payload)).decode("ascii"),
    }


def check(payload: bytes, signature: Any, trusted: Ed25519PublicKey | None = None) -> list[str]:
    """The problems with *signature* (a certificate's) over *payload*; empty when it holds.

    With *trusted*, the signature must be by that key; without, by the key it names itself
    (which shows the payload unchanged since signing, not who signed it).
    """
    if not isinstance(signature, dict) or any(not isinstance(signature.get(key), str) for key in _SIGNATURE_KEYS):
        return [f"the signature is not an object with {', '.join(_SIGNATURE_KEYS)} (all text)"]
    if signature["algorithm"] != ALGORITHM:
        return [f"the signature's algorithm is {signature['algorithm']!r}, not {ALGORITHM!r}"]
    try:
        named = Ed25519PublicKey.from_public_bytes(base64.b64decode(signature["public_key"], validate=True))
        value = base64.b64decode(signature["value"], validate=True)
    except (ValueError, binascii.Error) as error:
        return [f"the signature's key or value cannot be read: {error}"]
    problems = []
    if signature["fingerprint"] != fingerprint(named):
        problems.append(f"the signature's fingerprint {signature['fingerprint']} is not its key's {fingerprint(named)}")
    if trusted is not None and _raw(trusted) != _raw(named):
        problems.append(
            f"signed by another key: {fingerprint(named)}, not the key of --public-key ({fingerprint(trusted)})"
        )
        return problems
    try:
        named.verify(value, payload)
    except InvalidSignature:
        problems.append("the signature does not match the contents: the certificate was changed after it was signed")
    return problems
