"""The message catalog: extract, update, compile and check (needs Babel: the test extras).

    python tools/catalog.py update   # new msgids into the .po (untranslated), obsolete out
    python tools/catalog.py compile  # the .mo from the .po (commit both)
    python tools/catalog.py check    # what a translator still has to do; exit 1 if anything

The msgids are the strings marked ``_()``, ``ngettext()`` and ``N_()`` in
``src/digestfmt`` (Babel's Python extractor) and every part of every rule's
documentation (``digestfmt.lint.docs.doc_parts``: the summary and each section body).
The runtime reads only the ``.mo`` with the standard library's gettext.
"""

from __future__ import annotations

import gettext
import io
import re
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "digestfmt"
LANG = "zh"
PO = PACKAGE / "locale" / LANG / "LC_MESSAGES" / "digestfmt.po"
MO = PO.with_suffix(".mo")
_FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1\s*$", re.M | re.S)

Msgid = str | tuple[str, str]


def extract() -> Catalog:
    """Every msgid of the source and the rule docs, as a template."""
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from digestfmt.lint.docs import doc_parts
    from digestfmt.lint.rules import all_rules

    template = Catalog(project="digestfmt", domain="digestfmt", fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], comment_tags=("TRANSLATORS:",)):
        template.add(message, locations=[(f"src/digestfmt/{filename}", None)],
                     auto_comments=comments, context=context)
    for rule in all_rules().values():
        for title, text in doc_parts(rule):
            where = f"{rule.code} {rule.name}: " + (f"## {title}" if title else "summary")
            template.add(text, locations=[(f"rules/{rule.code}", None)], auto_comments=[where])
    return template


def load() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale=LANG, domain="digestfmt")


def save(catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True, include_lineno=False,
             include_previous=False)
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(buffer.getvalue())


def update() -> Catalog:
    """Bring the .po in line with the source: new msgids empty, gone ones dropped."""
    catalog = load() if PO.exists() else Catalog(locale=LANG, domain="digestfmt",
                                                 project="digestfmt", fuzzy=False)
    catalog.update(extract(), no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    save(catalog)
    return catalog


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_mo() -> None:
    MO.write_bytes(compiled(load()))


def _fields(text: str) -> set[str]:
    try:
        return {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _is_doc(message: object) -> bool:
    return any(path.startswith("rules/") for path, _ in message.locations)  # type: ignore[attr-defined]


def problems() -> list[str]:
    """Everything that keeps the Chinese catalog from being complete and in use."""
    found: list[str] = []
    catalog = load()
    for message in extract():
        if not message.id:
            continue
        have = catalog.get(message.id, message.context)
        name = message.id if isinstance(message.id, str) else message.id[0]
        strings = [] if have is None else [s for s in (
            have.string if isinstance(have.string, (list, tuple)) else [have.string])]
        if have is None or have.fuzzy or not strings or not all(strings):
            found.append(f"untranslated: {name!r}")
            continue
        for translated in strings:
            if _is_doc(message):
                if [m.group(0) for m in _FENCED.finditer(name)] != \
                        [m.group(0) for m in _FENCED.finditer(translated)]:
                    found.append(f"code blocks differ from the English: {name[:60]!r}")
            elif _fields(name) != _fields(translated):
                found.append(f"placeholders differ: {name!r} -> {translated!r}")
    found += stale_mo(catalog)
    return found


def stale_mo(catalog: Catalog) -> list[str]:
    """The .mo must hold exactly the .po's translations (compare what gettext reads)."""
    if not MO.exists():
        return [f"{MO.relative_to(ROOT)} is missing: run python tools/catalog.py compile"]
    with MO.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    with io.BytesIO(compiled(catalog)) as handle:
        fresh = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    if shipped != fresh:
        return [f"{MO.relative_to(ROOT)} is stale: run python tools/catalog.py compile"]
    return []


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        compile_mo()
    elif command == "compile":
        compile_mo()
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s) in {PO.relative_to(ROOT)}", file=sys.stderr)
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
