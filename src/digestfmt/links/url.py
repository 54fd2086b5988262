"""What a link target says, read as text: scheme, malformations, tracking, identity.

Pure functions over the target as written; nothing here fetches anything. The
online checker and the lint rules share them so that "the same URL" and "this
URL is malformed" mean one thing throughout.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import unquote

from digestfmt.i18n import _
from digestfmt.spelling import distance

SUPPORTED = frozenset({"http", "https", "mailto"})
DANGEROUS = ("javascript", "vbscript", "data")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SAFE_IMAGE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_SPACE = re.compile(r"\s")  # str.isspace's characters
_CONTROL_ONLY = re.compile(r"[\x00-\x1f\x7f]")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/]*")
_ESCAPED_BRACKET = re.compile(r"\\[()\[\]]")
_WRITTEN_SCHEME = re.compile(r"([A-Za-z]{2,8})([:：]?)(/{1,3})")
_WEB = ("http", "https")
_DEFANGED = frozenset({"hxxp", "hxxps"})  # written so on purpose, to be not clickable

# Query parameters that identify a click, a campaign or a sharer, not the page.
TRACKING = frozenset({
    "spm", "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid",
    "mc_eid", "igshid", "igsh", "yclid", "twclid", "ttclid", "_hsenc", "_hsmi", "mkt_tok",
})
TRACKING_BY_HOST = {
    "youtube.com": frozenset({"si"}),
    "youtu.be": frozenset({"si"}),
    "spotify.com": frozenset({"si"}),
    "x.com": frozenset({"s", "t", "ref_src", "ref_url"}),
    "twitter.com": frozenset({"s", "t", "ref_src", "ref_url"}),
    # WeChat share context; __biz, mid, idx, sn and chksm are the article's identity.
    "mp.weixin.qq.com": frozenset({
        "scene", "srcid", "sharer_sharetime", "sharer_shareid", "sharer_shareinfo",
        "sharer_shareinfo_first", "clicktime", "enterid", "exportkey", "pass_ticket", "ascene",
        "subscene", "sessionid", "from", "isappinstalled", "key", "uin", "devicetype", "version",
        "nettype", "wx_header", "poc_token", "share_token", "abtest_cookie", "realreporttime",
    }),
}


def unescape(url: str) -> str:
    """The target as Markdown hands it to the renderer: escapes and entities resolved."""
    if "\\" not in url and "&" not in url:
        return url
    return html.unescape(_ESCAPE.sub(r"\1", url))


def scheme(url: str) -> str | None:
    """The scheme in lower case (``https``), or None for a relative or scheme-less target."""
    m = _SCHEME.match(unescape(url).strip())
    if m is None or "." in m[1]:  # www.example.com:8080 is a host, not a scheme
        return None
    return m[1].lower()


def dangerous_scheme(url: str, image: bool = False) -> str | None:
    """``javascript``/``vbscript``/``data`` as a browser would read it, else None.

    Browsers ignore case, decode entities and drop whitespace and control
    characters inside a scheme, so ``JaVa&#115;cript:`` and ``java\\tscript:`` count.
    Inline raster images (``![x](data:image/png;…)``) are not dangerous.
    """
    folded = _CONTROL.sub("", unescape(url)).lower()
    for name in DANGEROUS:
        if folded.startswith(name + ":"):
            if image and _SAFE_IMAGE_DATA.match(folded):
                return None
            return name
    return None


def split(url: str) -> tuple[str, str, str, str]:
    """``scheme://authority`` prefix, path, query (without ``?``), fragment (with ``#``)."""
    fragment = ""
    if "#" in url:
        url, fragment = url.split("#", 1)
        fragment = "#" + fragment
    query = ""
    if "?" in url:
        url, query = url.split("?", 1)
    m = _PREFIX.match(url)
    prefix = m[0] if m else ""
    return prefix, url[len(prefix):], query, fragment


def host(url: str) -> str:
    """The host of an absolute http(s) URL, lower case, without user, port or brackets."""
    prefix = split(unescape(url).strip())[0]
    authority = prefix.split("://", 1)[1] if "://" in prefix else ""
    authority = authority.rsplit("@", 1)[-1]
    if authority.startswith("["):
        return authority[1:authority.find("]")].lower() if "]" in authority else ""
    return authority.split(":", 1)[0].lower()


def repair_scheme(text: str) -> tuple[str, bool] | None:
    """``text`` with a mistyped web scheme repaired, and whether the repair is certain.

    ``htps://``, ``https//``, ``http:/``, ``https：//`` and ``ttps://`` all mean a web
    address; the repair is certain when one of http and https is nearest. None when
    the scheme is written right or is no near miss of http(s).
    """
    m = _WRITTEN_SCHEME.match(text)
    if m is None:
        return None
    name, colon, slashes = m[1].lower(), m[2], m[3]
    if name in _DEFANGED or (name in _WEB and colon == ":" and slashes == "//"):
        return None
    near = sorted((distance(name, web), web) for web in _WEB)
    if near[0][0] > 1 or (near[0][0] == 1 and len(name) < 3):
        return None
    certain = near[0][0] < near[1][0] or name in _WEB
    fixed = name if name in _WEB else near[-1 if near[0][0] == near[1][0] else 0][1]
    return f"{fixed}://{text[m.end():]}", certain


def malformed(url: str) -> str | None:
    """Why a link target cannot work as written, or None.

    Judged on http(s) and mailto targets and on targets without a scheme; other
    schemes are DF304/DF305's business.
    """
    text = unescape(url)
    if _SPACE.search(text):
        return _("contains a space")
    if _CONTROL_ONLY.search(text):
        return _("contains a control character")
    name = scheme(text)
    if name is None:
        return _no_scheme(text)
    if name not in SUPPORTED and (repaired := repair_scheme(text)):
        return _("the scheme '{scheme}' looks like a typo of '{fixed}'").format(
            scheme=text[:len(name)], fixed=scheme(repaired[0]))
    rest = text[len(name) + 1:]
    if name == "mailto":
        return None if "@" in rest else _("mailto: has no address")
    if name not in ("http", "https"):
        return None
    if not rest.startswith("//"):
        return _("'{scheme}' must be followed by '//'").format(scheme=text[:len(name) + 1])
    problem = _authority(text)
    if problem:
        return problem
    plain = _ESCAPED_BRACKET.sub("", url) if "\\" in url else url
    if plain.count("(") != plain.count(")"):
        return _("has unbalanced parentheses")
    path_etc = "".join(split(plain)[1:])
    if path_etc.count("[") != path_etc.count("]"):
        return _("has unbalanced brackets")
    return None


def _no_scheme(text: str) -> str | None:
    if text.startswith("#"):
        return None  # a fragment: a link within the page
    if m := re.match(r"(https?)(//|：//|:/(?!/))", text, re.I):
        if m[2] == "//":
            return _("missing ':' after '{scheme}'").format(scheme=m[1])
        if m[2] == "：//":
            return _("full-width colon '：' after '{scheme}'").format(scheme=m[1])
        return _("'{scheme}' must be followed by '//'").format(scheme=m[1] + ":")
    if text.lower().startswith("www."):
        return _("has no scheme (write https://…)")
    at = text.find("://")
    if at > 0 and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", text[:at]):
        head = text[:at]
        lead = re.match(r"[^A-Za-z]*", head)
        junk = lead[0] if lead and lead[0] else head
        return _("has '{junk}' before the scheme").format(junk=junk)
    return _("has no scheme: a digest's links must be absolute")


def _authority(text: str) -> str | None:
    authority = split(text)[0].split("://", 1)[1]
    authority = authority.rsplit("@", 1)[-1]
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            return _("has an unclosed '[' in its host")
        name, port = authority[1:end], authority[end + 1:]
        if not name or not re.fullmatch(r"[0-9A-Fa-f:.]+", name):
            return _("has an invalid IPv6 host")
        if port and not re.fullmatch(r":\d*", port):
            return _("has an invalid port")
        return None
    name, _colon, port = authority.partition(":")
    if not name:
        return _("has no host")
    if port and not port.isdigit():
        return _("has an invalid port ':{port}'").format(port=port)
    for ch in name:
        if not (ch.isalnum() or ch in "-_.%"):
            return _("has '{char}' in its host '{host}'").format(char=ch, host=name)
    if ".." in name or name.startswith((".", "-")):
        return _("has an invalid host '{host}'").format(host=name)
    if "." not in name and name.lower() != "localhost":
        return _("has a host without a dot '{host}' (no public address)").format(host=name)
    return None


def tracking_params(url: str) -> list[str]:
    """Names of the tracking parameters in the query, as written, in order."""
    query = split(url)[2]
    if not query:
        return []
    tracking = _tracking(url)
    return [p.split("=", 1)[0] for p in query.split("&") if tracking(p)]


def strip_tracking(url: str) -> str:
    """The URL without its tracking parameters; all else (order, fragment) kept as written."""
    prefix, path, query, fragment = split(url)
    if not query:
        return url
    tracking = _tracking(url)
    kept = [p for p in query.split("&") if not tracking(p)]
    return prefix + path + ("?" + "&".join(kept) if kept else "") + fragment


def _tracking(url: str) -> Callable[[str], bool]:
    """Whether a query part of ``url`` is a tracking parameter (the host read once)."""
    where: str | None = None

    def tracking(part: str) -> bool:
        nonlocal where
        name = unquote(part.split("=", 1)[0]).lower()
        if not name:
            return False
        if name.startswith("utm_") or name in TRACKING:
            return True
        if where is None:
            where = host(url)
        return any(where == h or where.endswith("." + h)
                   for h, names in TRACKING_BY_HOST.items() if name in names)

    return tracking


def normalize(url: str) -> str:
    """The URL as a key for "the same link": scheme and host case, default port, trailing
    slash, fragment and tracking parameters do not count."""
    text = strip_tracking(unescape(url).strip())
    name = scheme(text)
    if name is None:
        return text
    prefix, path, query, _fragment = split(text)
    if not prefix:  # mailto:, or a scheme without an authority
        return name + text[len(name):].split("#", 1)[0]
    authority = prefix.split("://", 1)[1]
    user, _at, hostport = authority.rpartition("@")
    hostport = hostport.lower()
    for port in ((":80",) if name == "http" else (":443",) if name == "https" else ()):
        if hostport.endswith(port):
            hostport = hostport[:-len(port)]
    path = path.rstrip("/")
    return f"{name}://{user + '@' if user else ''}{hostport}{path}" + (f"?{query}" if query else "")
