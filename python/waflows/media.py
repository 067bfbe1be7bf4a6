"""Media uploaded inside a flow (PhotoPicker / DocumentPicker).

    uploads = waflows.media.media_uploads(request.payload)     # or a completion's response_json
    for u in uploads:
        image = await waflows.media.download_and_decrypt(u)     # httpx; or:
        image = u.decrypt(downloaded_bytes)                     # bring your own HTTP client

:func:`decrypt_media` checks the file's SHA-256 (``encrypted_hash``), its truncated
HMAC-SHA256 over ``iv || ciphertext``, decrypts AES-256-CBC, removes PKCS#7 padding and checks
the plaintext's SHA-256 (``plaintext_hash``). Every failure is a :class:`MediaError` whose
``.code`` names the check. The download helpers need the optional ``httpx`` dependency
(``pip install waflows[http]``); a failed download is a :class:`MediaDownloadError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._waflows import MEDIA_MAX_CDN_FILE_BYTES, MediaUpload, decrypt_media, media_uploads
from .errors import MediaDownloadError, MediaError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MEDIA_MAX_CDN_FILE_BYTES",
    "MediaDownloadError",
    "MediaError",
    "MediaUpload",
    "decrypt_media",
    "download_and_decrypt",
    "download_and_decrypt_sync",
    "media_uploads",
]


def _httpx() -> object:
    try:
        import httpx
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise MediaDownloadError("the download helpers need httpx: pip install 'waflows[http]'") from e
    return httpx


def _too_large(n: int) -> MediaError:
    return MediaError(
        f"media file is over {n} bytes; the limit is {MEDIA_MAX_CDN_FILE_BYTES}", "media_too_large"
    )


def _download_error(message: str, status_code: int | None) -> MediaDownloadError:
    err = MediaDownloadError(message)
    err.status_code = status_code
    return err


async def download_and_decrypt(
    upload: MediaUpload,
    *,
    client: httpx.AsyncClient | None = None,
    timeout: float = 30.0,
) -> bytes:
    """Downloads ``upload.cdn_url`` with httpx (streamed, stopped at
    ``MEDIA_MAX_CDN_FILE_BYTES``) and decrypts it.

    Raises :class:`MediaDownloadError` (``.status_code``: the HTTP status, or ``None`` for a
    network error) or :class:`MediaError` (too large, or any decryption check).
    """
    _httpx()
    import httpx

    own = client is None
    c = client if client is not None else httpx.AsyncClient(timeout=timeout)
    try:
        async with c.stream("GET", upload.cdn_url) as r:
            if r.status_code != 200:
                raise _download_error(f"GET {upload.cdn_url} answered HTTP {r.status_code}", r.status_code)
            buf = bytearray()
            async for chunk in r.aiter_bytes():
                buf += chunk
                if len(buf) > MEDIA_MAX_CDN_FILE_BYTES:
                    raise _too_large(MEDIA_MAX_CDN_FILE_BYTES)
    except httpx.HTTPError as e:
        raise _download_error(f"GET {upload.cdn_url} failed: {e!r}", None) from e
    finally:
        if own:
            await c.aclose()
    return upload.decrypt(bytes(buf))


def download_and_decrypt_sync(
    upload: MediaUpload,
    *,
    client: httpx.Client | None = None,
    timeout: float = 30.0,
) -> bytes:
    """The blocking twin of :func:`download_and_decrypt`."""
    _httpx()
    import httpx

    own = client is None
    c = client if client is not None else httpx.Client(timeout=timeout)
    try:
        with c.stream("GET", upload.cdn_url) as r:
            if r.status_code != 200:
                raise _download_error(f"GET {upload.cdn_url} answered HTTP {r.status_code}", r.status_code)
            buf = bytearray()
            for chunk in r.iter_bytes():
                buf += chunk
                if len(buf) > MEDIA_MAX_CDN_FILE_BYTES:
                    raise _too_large(MEDIA_MAX_CDN_FILE_BYTES)
    except httpx.HTTPError as e:
        raise _download_error(f"GET {upload.cdn_url} failed: {e!r}", None) from e
    finally:
        if own:
            c.close()
    return upload.decrypt(bytes(buf))
