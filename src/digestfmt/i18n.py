"""Messages in the user's language: English in the source, Chinese from a gettext catalog.

The language is chosen once a run: ``--lang``, else the settings' ``lang``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set); ``zh…`` is Chinese,
anything else English. Source strings are marked with ``_()``, ``ngettext()`` and, where
a string is kept for later, ``N_()`` (``tools/catalog.py`` extracts them with Babel, with
the rules' documentation; ``locale/zh/LC_MESSAGES/digestfmt.po`` holds the Chinese, the
``.mo`` beside it is what is read). The catalog is loaded once a process: a lookup is a
dict lookup, so linting is no slower.

A translated message remembers its English (``Text.english``): baselines fingerprint
findings by their English message, so a baseline written under one language holds
under the other.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping

DOMAIN = "digestfmt"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
LANGUAGES = ("en", "zh")
ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")


class Text(str):
    """A translated string that keeps its English, through ``format`` too."""

    __slots__ = ("english",)
    english: str

    def __new__(cls, text: str, english: str | None = None) -> Text:
        made = super().__new__(cls, text)
        made.english = text if english is None else english
        return made

    def __reduce__(self) -> tuple[type[Text], tuple[str, str]]:
        return Text, (str(self), self.english)

    def format(self, *args: object, **kwargs: object) -> Text:
        return Text(str.format(self, *args, **kwargs),
                    self.english.format(*map(english, args),
                                        **{k: english(v) for k, v in kwargs.items()}))


def english(value: object) -> object:
    """A message's English (itself when it was never translated)."""
    return value.english if isinstance(value, Text) else value


_state: dict[str, object] = {"lang": "en", "explicit": False}
_active: gettext.NullTranslations | None = None  # None: English, the source's own text


def _(message: str) -> str:
    """``message`` in the chosen language."""
    if _active is None or isinstance(message, Text):  # English, or translated already
        return message
    return Text(_active.gettext(message), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n``, in the chosen language."""
    if _active is None:
        return singular if n == 1 else plural
    return Text(_active.ngettext(singular, plural, n), singular if n == 1 else plural)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (translate it at use)."""
    return message


def normalize(value: str) -> str | None:
    """``zh``, ``en`` or None (not a language this knows) for a --lang or ``lang`` value:
    ``zh``, ``zh_CN``, ``zh-Hans``, ``zh_CN.UTF-8`` are Chinese; ``en…``, ``C``, ``POSIX``
    English."""
    base = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if base.startswith("zh"):
        return "zh"
    if base.startswith("en") or base in ("c", "posix"):
        return "en"
    return None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is set."""
    env = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = env.get(name)
        if value:
            return "zh" if value.strip().lower().startswith("zh") else "en"
    return "en"


def current() -> str:
    return str(_state["lang"])


def explicit() -> bool:
    """Whether --lang chose the language (then the settings' ``lang`` does not)."""
    return bool(_state["explicit"])


def activate(lang: str, *, chosen: bool = False) -> None:
    """Use ``lang`` ("en" or "zh") from now on; ``chosen``: --lang said so."""
    global _active
    if lang == "zh":
        _active = _translation("zh")
    else:
        lang, _active = "en", None
    _state["lang"] = lang
    _state["explicit"] = chosen or bool(_state["explicit"])


def configured(lang: str | None) -> None:
    """The settings' ``lang``: used unless --lang chose."""
    if lang is not None and not explicit():
        activate(lang)


def reset() -> None:
    """Back to the locale's language, as at start-up (tests, the API)."""
    _state["explicit"] = False
    activate(from_environment())


_LOADED: dict[str, gettext.NullTranslations] = {}


def _translation(lang: str) -> gettext.NullTranslations:
    found = _LOADED.get(lang)
    if found is None:
        found = _LOADED[lang] = gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)
    return found


reset()
