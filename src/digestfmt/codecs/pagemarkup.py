"""``converters/digest.html.j2`` and ``page.html.j2``, written out in Python.

Once bodies rendered fast, Jinja's macro machinery (a call per field, value,
link and heading part, each with its own context) was the larger part of
writing a page. These functions produce exactly what the package's templates
produce for the digest markup and the default page; the templates stay the
reference (and what a ``--template`` page, which may import the macros, is
rendered with), and tests/codecs/test_pagemarkup.py holds the two to the same
bytes over the corpus, the samples and generated digests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from digestfmt.codecs.html_md import reads_back
from digestfmt.codecs.render import block_html, inline_html, safe_url

if TYPE_CHECKING:
    from digestfmt.codecs.html import CardView, DigestView, FieldView

_MARKUP_CHARS = re.compile("[&<>\"']")


def _e(value: Any) -> str:
    """Jinja's autoescape of ``{{ value }}``; most values hold nothing to escape."""
    if type(value) is str and not _MARKUP_CHARS.search(value):
        return value
    return str(escape(value))


def _attr_md(text: str) -> str:
    return _e(text).replace("\r", "&#13;")


def blocks(source: str, cls: str, after: int | None = None, annotate: bool = True) -> str:
    extra = "" if after is None else f' data-after="{_e(after)}"'
    rendered = block_html(source)
    if annotate and not reads_back(source, rendered=rendered):
        extra += f' data-md="{_attr_md(source)}"'
    return f'<div class="md {_e(cls)}"{extra}>\n{rendered}\n</div>'


def _inline_attrs(source: str, annotate: bool) -> str:
    return f' data-md="{_attr_md(source)}"' if annotate and not reads_back(source, True) else ""


def link(url: str, text: str) -> str:
    if safe_url(url):
        return f'<a href="{_e(url)}">{_e(text)}</a>'
    return f'<span class="link" data-href="{_e(url)}">{_e(text)}</span>'


def _value(f: FieldView, annotate: bool) -> str:
    show = f.show
    if show == "inline":
        return (f'<dd class="inline"{_inline_attrs(f.value, annotate)}>'
                f"{inline_html(f.value)}</dd>")
    if show == "time":
        return f'<dd><time datetime="{_e(f.datetime)}">{_e(f.value)}</time></dd>'
    if show == "rating":
        value = _e(f.value)
        return (f'<dd><data class="rating" value="{value}" role="img" aria-label="{value} / 5">'
                f"{_e(f.text)}</data></dd>")
    if show == "tags":
        return '<dd><ul class="tags">' + "".join(f"<li>{_e(tag)}</li>" for tag in f.value) \
            + "</ul></dd>"
    if show == "url":
        return f"<dd>{link(f.value, f.value)}</dd>"
    if show == "sources":
        items = "".join(f"<li>{_e(s.name) if s.url is None else link(s.url, s.name)}</li>"
                        for s in f.value)
        return f'<dd><ul class="sources">{items}</ul></dd>'
    return f'<dd class="raw">{_e(f.value)}</dd>'


def _data(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f' data-{_e(name)}="{_e(value)}"' for name, value in pairs)


def _heading_part(kind: str, text: str) -> str:
    return _e(text) if kind == "text" else f'<span class="{_e(kind)}">{_e(text)}</span>'


def card(c: CardView, annotate: bool = True) -> str:
    out = [f'<article class="card" id="{_e(c.id)}"{_data(c.data)}>\n<h2 class="card-heading">']
    for kind, text in c.heading:
        if kind in ("title", "lead"):
            out.append(f'<span class="{kind}"{_inline_attrs(text, annotate)}>'
                       f"{inline_html(text)}</span>")
        else:
            out.append(_heading_part(kind, text))
    out.append("</h2>\n")
    for part in c.parts:
        if part.kind == "fields":
            prefix = f' data-prefix="{_e(part.prefix)}"' if part.prefix else ""
            out.append(f'<dl class="fields {_e(part.container)}"{prefix}>\n')
            for n, f in enumerate(part.fields):
                key = f' data-key="{_e(f.key)}"' if f.key else ""
                # The block's prefix (🎯) is shown before its first label, on its line.
                lead = f' data-prefix="{_e(part.prefix)}"' if part.prefix and not n else ""
                out.append(f'<div class="field"{key}><dt{lead}>{_e(f.label)}</dt>'
                           f"{_value(f, annotate)}</div>\n")
            out.append("</dl>\n")
        elif part.kind == "section":
            key = f' data-key="{_e(part.key)}"' if part.key else ""
            out.append(f'<section class="section"{key}{_data(part.data)}>\n'
                       f'<h3>{_e(part.heading)}</h3>\n'
                       f'{blocks(part.body, "body", annotate=annotate)}\n</section>\n')
        elif part.kind == "separator":
            out.append('<hr class="separator">\n')
        elif part.kind == "trailer":
            out.append(blocks(part.body, "trailer", annotate=annotate) + "\n")
        else:
            out.append(blocks(part.body, "extra", part.after, annotate=annotate) + "\n")
    out.append("</article>")
    return "".join(out)


def digest(d: DigestView) -> str:
    return "".join(digest_parts(d))


def digest_parts(d: DigestView) -> Iterator[str]:
    """The digest's markup in pieces: the ``<main>`` start tag, then whole elements (each
    with the text after it), then ``</main>``; so a book can convert and store a long
    digest piece by piece (codecs/epub.py)."""
    yield f'<main class="digest" data-style="{_e(d.style)}" data-format="{_e(d.format)}">\n'
    if d.front_matter is not None:
        yield f'<pre class="front-matter" hidden="">{_e(d.front_matter)}</pre>\n'
    if d.preamble is not None:
        yield blocks(d.preamble, "preamble") + "\n"
    if d.header:
        source = f' data-source="{_e(d.header_source)}"' if d.header_source != "heading" else ""
        header = [f'<header class="digest-header"{source}>\n<h1>']
        for kind, text in d.header:
            if kind == "date" and d.datetime:
                header.append(f'<time class="date" datetime="{_e(d.datetime)}">{_e(text)}</time>')
            elif kind == "text":  # ` - `: a phone hides it and puts the date on a line
                header.append(f'<span class="sep">{_e(text)}</span>')
            else:
                header.append(_heading_part(kind, text))
        yield "".join(header) + "</h1>\n</header>\n"
    if d.intro is not None:
        yield blocks(d.intro, "intro") + "\n"
    for c in d.cards:
        if c.group is not None:
            lead, heading, body = c.group
            if lead is not None:
                yield blocks(lead, "group-lead") + "\n"
            yield (f'<h2 class="group"{_inline_attrs(heading, True)}>'
                   f"{inline_html(heading)}</h2>\n")
            if body is not None:
                yield blocks(body, "group-body") + "\n"
        yield card(c) + "\n"
    if d.outro is not None:
        yield blocks(d.outro, "outro") + "\n"
    if d.related:
        related = [f'<section class="related">\n<h2>{_e(d.related.heading)}</h2>\n']
        if d.related.items is not None:
            related.append('<ul class="related-items">\n')
            related.extend(f"<li>{link(item.url, item.title)}</li>\n" for item in d.related.items)
            related.append("</ul>\n")
        else:
            related.append(blocks(d.related.body, "related-body") + "\n")
        yield "".join(related) + "</section>\n"
    yield "</main>"


def page(lang: str, title: str, generator: str, css: str, json_ld: str,
         view: DigestView, nav: tuple[tuple[str, str, str], ...] = ()) -> str:
    """page.html.j2; ``css`` and ``json_ld`` are markup already (not escaped here)."""
    return "".join(page_parts(lang, title, generator, css, json_ld, view, nav))


def page_parts(lang: str, title: str, generator: str, css: str, json_ld: str,
               view: DigestView, nav: tuple[tuple[str, str, str], ...] = ()) -> Iterator[str]:
    """``page`` in pieces (``digest_parts`` in the middle), for writing a long page as it
    is made."""
    yield (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<meta name="generator" content="{_e(generator)}">\n<title>{_e(title)}</title>\n'
           f"<style>\n{css}\n</style>\n"
           f'<script type="application/ld+json">{json_ld}</script>\n</head>\n<body>\n')
    yield site_nav(nav)
    yield from digest_parts(view)
    yield "\n</body>\n</html>\n"


def site_nav(nav: tuple[tuple[str, str, str], ...]) -> str:
    """The links of a page in a site: previous and next day, its month, the index."""
    if not nav:
        return ""
    out = ['<nav class="site">\n']
    for rel, href, text in nav:
        attr = f' rel="{_e(rel)}"' if rel else ""
        out.append(f'<a{attr} href="{_e(href)}">{_e(text)}</a>\n')
    out.append("</nav>\n")
    return "".join(out)
