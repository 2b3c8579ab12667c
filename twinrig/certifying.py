"""The certificate as a handler of the run's events: written when the run ends, under either runner.

:class:`CertificateWriter` is registered by every run (:class:`twinrig.life.RunLife`); it does
nothing unless the options name a folder (``--certificate DIR``; pytest ``--twinrig-certificate``,
behave ``-D certificate=DIR``), and signs with the private key the options name (``--key FILE``;
``--twinrig-certificate-key``, ``-D certificate_key=FILE``). The certificate is of the run's
results and the declaration they were played with, for the platform the options name; its
suite digest covers the feature files the run played.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.capabilities import CapabilityDeclaration
from contract.codec import decode, encode
from core.hooks import hookimpl
from core.options import RunOptions
from core.results import RunResult
from core.verdicts import RigError
from reports.certificate import make_certificate, platform_info, write_certificate
from reports.signing import load_private_key
from reports.suite_digest import suite_digest
from twinrig.declarations import load_declaration


def signing_key(options: RunOptions) -> Ed25519PrivateKey | None:
    """The private key the certificate of a run with *options* is signed with (None: unsigned);
    a :class:`RigError` if it cannot be read, or if no certificate is asked for."""
    if options.certificate_key is None:
        return None
    if options.certificate is None:
        raise RigError("--key signs the certificate: name its folder with --certificate DIR too")
    return load_private_key(Path(options.certificate_key))


class CertificateWriter:
    """Writes the run's certificate into the folder of *options*, signed with its key if any.

    A key that cannot be read, or a key without a folder, is a :class:`RigError` at once, before
    any scenario runs."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.key = signing_key(options)
        self.written: tuple[Path, Path] | None = None

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        if self.options.certificate is None:
            return
        declaration = self._declaration(results)
        data = make_certificate(
            results,
            declaration,
            platform_info(results.platform, declaration),
            suite=suite_digest(self.options.features),
            key=self.key,
        )
        self.written = write_certificate(data, Path(self.options.certificate))

    def _declaration(self, results: RunResult) -> CapabilityDeclaration:
        """The declaration the results were played with (the options' file, if no scenario ran)."""
        if results.declaration is None and self.options.declaration is not None:
            results.declaration = encode(load_declaration(Path(self.options.declaration)))
        if results.declaration is None:
            raise RigError("no certificate: no scenario ran, and no --declaration names what the platform claims")
        return decode(CapabilityDeclaration, results.declaration, "the results' declaration")
