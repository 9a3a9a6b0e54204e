"""A PDF's digital signature, recorded as it declares itself — never validated.

The signature field's value says who signed (``/Name``, else the common name of the signing
certificate in the embedded CMS) and when (``/M``). Neither the certificate chain, its revocation
nor the signed digest is checked: the record says a signature is there, not that it is good.
"""

from __future__ import annotations

import re
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from cchc_analysis.sources.model import Signature

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(\d{2})?'?(\d{2})?'?)?")


def read_signature(path: Path) -> Signature | None:
    """The first signed signature field of the PDF, or None when it has none (or it cannot be
    read: a signature nobody can read is no fact to record)."""
    try:
        reader = PdfReader(path)
        fields = reader.trailer["/Root"].get("/AcroForm", {}).get("/Fields", [])
        value = next((v for v in _signatures(fields)), None)
    except Exception:  # a damaged form does not make the report unreadable
        return None
    if value is None:
        return None
    name = str(value.get("/Name", "")).strip() or _certificate_name(value.get("/Contents"))
    return Signature(signer=name or None, signed_at=_iso(str(value.get("/M", ""))))


def _signatures(fields: list, depth: int = 0):
    """Signed values of signature fields, depth first (kids included)."""
    for ref in fields:
        field = ref.get_object()
        if not isinstance(field, DictionaryObject) or depth > 20:
            continue
        value = field.get("/V")
        if field.get("/FT") == "/Sig" and value is not None:
            yield value.get_object()
        yield from _signatures(field.get("/Kids", []), depth + 1)


def _certificate_name(contents: object) -> str:
    """The signer's common name from the CMS: the certificate that issued no other one."""
    if contents is None:
        return ""
    data = bytes(contents)
    if len(data) > 4 and data[0] == 0x30 and data[1] & 0x80:  # DER length: the zero padding off
        size = int.from_bytes(data[2 : 2 + (data[1] & 0x7F)], "big")
        data = data[: 2 + (data[1] & 0x7F) + size]
    try:
        certificates = pkcs7.load_der_pkcs7_certificates(data)
    except ValueError:
        return ""
    issuers = {c.issuer for c in certificates}
    leaves = [c for c in certificates if c.subject not in issuers] or certificates
    names = leaves[0].subject.get_attributes_for_oid(NameOID.COMMON_NAME) if leaves else []
    return str(names[0].value) if names else ""


def _iso(text: str) -> str | None:
    """A PDF date (``D:20230705091500+07'00'``) in ISO 8601 (``2023-07-05T09:15:00+07:00``)."""
    match = _PDF_DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, sign, oh, om = match.groups()
    stamp = f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}"
    if sign == "Z":
        return stamp + "+00:00"
    if sign:
        return f"{stamp}{sign}{oh or '00'}:{om or '00'}"
    return stamp


__all__ = ["read_signature"]
