"""Markdown/JSON <-> EPUB 3: round trips, books of many days, determinism, hostile books."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from codec_helpers import (
    CORPUS,
    REAL,
    SAMPLES,
    canonical,
    month_of,
    month_of_intel,
    parsed,
    real_id,
)
from hypothesis import HealthCheck, given, settings
from strategies import valid_documents

from digestfmt.cli import main
from digestfmt.codecs import epub, json_, markdown
from digestfmt.errors import DigestError

needs_real = pytest.mark.skipif(not REAL, reason="no ../shared corpus")


def samples() -> list:
    return [markdown.loads(p.read_bytes(), str(p)) for p in SAMPLES]


# -- round trips ----------------------------------------------------------------------


@needs_real
@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_markdown_epub_markdown_is_fmt(path: Path) -> None:
    [back] = epub.loads_all(epub.dumps(parsed(path)), "book.epub")
    assert markdown.dumps(back) == canonical(path)


@needs_real
@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_json_epub_json_is_identical(path: Path) -> None:
    text = json_.dumps(parsed(path))
    book = epub.dumps(json_.from_dict(json.loads(text)))
    assert json_.dumps(epub.loads(book, "book.epub")) == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_generated_documents_round_trip(document: dict[str, object]) -> None:
    digest = json_.from_dict(document)
    assert json_.to_dict(epub.loads(epub.dumps(digest))) == json_.to_dict(digest)


def test_a_month_is_one_book_in_date_order() -> None:
    digests = month_of_intel()
    shuffled = digests[::-1]
    book = epub.dumps_all(shuffled)
    back = epub.loads_all(book)
    expected = sorted(digests, key=lambda d: d.date.iso)
    assert [markdown.dumps(d) for d in back] == [markdown.dumps(d) for d in expected]
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        nav = z.read("EPUB/nav.xhtml").decode()
        opf = z.read("EPUB/package.opf").decode()
    assert nav.count('href="day-') >= len(digests) + sum(len(d.cards) for d in digests)
    assert 'epub:type="landmarks"' in nav and 'epub:type="toc"' in nav
    assert "<dc:language>zh-CN</dc:language>" in opf
    assert f"{max(d.date.iso for d in digests)}T00:00:00Z" in opf


@pytest.mark.skipif(not month_of("style-b/game/2025/09"), reason="no ../shared corpus")
def test_a_month_of_the_sibling_publication_is_titled_and_ordered_by_its_headers() -> None:
    month = month_of("style-b/game/2025/09")
    book = epub.dumps_all(month[::-1])
    days = sorted(d.date.iso for d in month)  # type: ignore[union-attr]
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        opf = z.read("EPUB/package.opf").decode()
    assert f"<dc:title>{month[0].title} {days[0]} – {days[-1]}</dc:title>" in opf
    assert [d.date.iso for d in epub.loads_all(book)] == days  # type: ignore[union-attr]
    assert f"{days[-1]}T00:00:00Z" in opf


def test_same_input_same_bytes() -> None:
    digests = samples()
    first = epub.dumps_all(digests)
    assert epub.dumps_all(digests) == first
    assert epub.dumps_all(digests[::-1]) == first  # date order, not input order
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_identifier_follows_the_content() -> None:
    digests = samples()
    assert epub.identifier(digests) == epub.identifier(list(digests))
    assert epub.identifier(digests).startswith("urn:uuid:")
    assert epub.identifier(digests[:1]) != epub.identifier(digests)


def test_identifier_is_the_hash_of_the_json_form() -> None:
    """Hashed a card at a time, it is what its docstring says: the hash of json.dumps
    of the digests' JSON forms."""
    import hashlib
    import uuid

    digests = samples()
    text = json.dumps([json_.to_dict(d) for d in digests], ensure_ascii=False, sort_keys=True)
    expected = uuid.uuid5(epub.NAMESPACE, hashlib.sha256(text.encode()).hexdigest())
    assert epub.identifier(digests) == f"urn:uuid:{expected}"


def test_cli_directory_to_one_book_and_back(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = CORPUS[0].parents[1] if CORPUS else SAMPLES[0].parents[3]
    book = tmp_path / "month.epub"
    result = runner.invoke(main, ["convert", str(folder), "--to", "epub", "-o", str(book)])
    assert result.exit_code == 0, result.output
    first = book.read_bytes()
    runner.invoke(main, ["convert", str(folder), "--to", "epub", "-o", str(book)])
    assert book.read_bytes() == first
    days = tmp_path / "days"
    result = runner.invoke(main, ["convert", str(book), "--to", "md", "-o", str(days)])
    assert result.exit_code == 0, result.output
    written = sorted(days.iterdir())
    digests = epub.loads_all(first)
    assert [p.name for p in written] == sorted(f"{d.date.iso}.md" for d in digests)
    for p, d in zip(written, sorted(digests, key=lambda d: d.date.iso), strict=True):
        assert p.read_text("utf-8") == markdown.dumps(d)


def test_cli_book_of_several_days_needs_a_directory(tmp_path: Path) -> None:
    book = tmp_path / "b.epub"
    book.write_bytes(epub.dumps_all(samples()))
    result = CliRunner().invoke(main, ["convert", str(book), "--to", "md"])
    assert result.exit_code == 2
    assert f"digestfmt: error: {book}: holds 2 digests" in result.stderr


def test_cli_epub_needs_an_output_file() -> None:
    result = CliRunner().invoke(main, ["convert", str(SAMPLES[0]), "--to", "epub"])
    assert result.exit_code == 2 and "give -o FILE" in result.output


# -- hostile books ------------------------------------------------------------------------


def entries(book: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def build(files: list[tuple[str, bytes]], compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w") as z:
            for name, data in files:
                method = zipfile.ZIP_DEFLATED if compress and name != "mimetype" \
                    else zipfile.ZIP_STORED
                z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def good() -> list[tuple[str, bytes]]:
    return entries(epub.dumps(samples()[0]))


def replaced(name: str, data: bytes) -> list[tuple[str, bytes]]:
    return [(n, data if n == name else d) for n, d in good()]


XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
       b'<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
       b'<rootfiles><rootfile full-path="&x;" media-type="application/oebps-package+xml"/>'
       b"</rootfiles></container>")
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
                     .encode() for i in range(9))
          + b"]>\n<package>&lol8;</package>")

HOSTILE = {
    "zip-bomb": (lambda: build([*good(), ("EPUB/bomb.xhtml", b"\0" * (20 * 1024 * 1024))]),
                 "compression ratio over 100:1"),
    "path-traversal": (lambda: build([*good(), ("../../evil.txt", b"x")]), "unsafe entry name"),
    "absolute-path": (lambda: build([*good(), ("/etc/evil", b"x")]), "unsafe entry name"),
    "backslash": (lambda: build([*good(), ("EPUB\\..\\evil", b"x")]), "unsafe entry name"),
    "duplicate": (lambda: build([*good(), ("EPUB/package.opf", b"<x/>")]),
                  "duplicate entry name"),
    "xxe": (lambda: build(replaced("META-INF/container.xml", XXE)), "XML with a DTD is refused"),
    "billion-laughs": (lambda: build(replaced("EPUB/package.opf", LAUGHS)),
                       "XML with a DTD is refused"),
    "missing-mimetype": (lambda: build([e for e in good() if e[0] != "mimetype"]),
                         "the first entry is not 'mimetype'"),
    "wrong-mimetype": (lambda: build(replaced("mimetype", b"application/zip")),
                       "mimetype is not application/epub+zip"),
    "not-a-zip": (lambda: b"PK\x03\x04 this is not really a zip", "not a zip archive"),
    "malformed-xml": (lambda: build(replaced("EPUB/package.opf", b"<package><oops></package>")),
                      "not well-formed XML"),
    "escaping-href": (lambda: build(replaced("EPUB/package.opf", good()[2][1].replace(
        b'href="day-', b'href="../../day-'))), "points outside the book"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_books_are_one_line_errors(case: str, tmp_path: Path) -> None:
    make, reason = HOSTILE[case]
    book = tmp_path / f"{case}.epub"
    book.write_bytes(make())
    result = CliRunner().invoke(main, ["convert", str(book), "--to", "md", "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"digestfmt: error: {book}: ")
    assert reason in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_total_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub, "MAX_TOTAL", 1000)
    with pytest.raises(DigestError, match="over the limit"):
        epub.loads_all(build(good()), "big.epub")


def test_entry_count_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub, "MAX_ENTRIES", 5)
    with pytest.raises(DigestError, match="entries"):
        epub.loads_all(build(good() + [(f"EPUB/x{i}", b"") for i in range(5)]), "many.epub")


def test_a_book_without_digests_is_refused() -> None:
    plain = (b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
             b"<head><title>x</title></head><body><p>not a digest</p></body></html>")
    files = [(n, plain if n.startswith("EPUB/day-") else d) for n, d in good()]
    with pytest.raises(DigestError, match="no digest chapters"):
        epub.loads_all(build(files), "empty.epub")
