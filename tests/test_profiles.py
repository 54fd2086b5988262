"""profile_data.py, the ahead-of-time parse of spec/profiles/*.yaml: current, and not
used for a text it was not made from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from digestfmt import profile_data, profiles

DATA_FILE = Path(profiles.__file__).with_name("profile_data.py")


@pytest.fixture
def fresh() -> Iterator[None]:
    """``all_profiles`` recomputed inside the test, and again after it."""
    profiles.all_profiles.cache_clear()
    yield
    profiles.all_profiles.cache_clear()


def test_profile_data_is_current() -> None:
    assert DATA_FILE.read_text("utf-8") == profiles.compiled_data(), (
        "spec/profiles changed: run `python -m digestfmt.profiles` to rewrite profile_data.py")


def test_profile_data_holds_each_file_and_its_yaml_parse() -> None:
    files = dict(profiles._profile_files())
    assert {name: profiles.fingerprint(text) for name, text in files.items()} \
        == profile_data.FINGERPRINTS
    assert {name: profiles._parse_yaml(text) for name, text in files.items()} == profile_data.DATA


def test_profiles_from_the_data_equal_profiles_from_yaml() -> None:
    from_yaml = {}
    for name, text in profiles._profile_files():
        profile = profiles.compile_profile(profiles._parse_yaml(text), name)
        from_yaml[profile.name] = profile
    assert profiles.all_profiles() == from_yaml
    assert list(profiles.all_profiles()) == list(from_yaml)


def test_an_edited_profile_is_read_from_its_yaml(fresh: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    edited = [(name, text.replace("\nlanguage: zh-CN\n", "\nlanguage: en\n"))
              for name, text in profiles._profile_files()]
    assert any(profiles.fingerprint(text) != profile_data.FINGERPRINTS[name]
               for name, text in edited)
    monkeypatch.setattr(profiles, "_profile_files", lambda: iter(edited))
    assert {p.language for p in profiles.all_profiles().values()} == {"en"}


def test_yaml_is_parsed_only_for_a_text_the_data_lacks(fresh: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    parse, parsed = profiles._parse_yaml, []

    def recorded(text: str) -> object:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(profiles, "_parse_yaml", recorded)
    profiles.all_profiles()
    assert parsed == []  # every shipped file is as the data was made from it
    profiles.all_profiles.cache_clear()
    edited = [(name, text + "\n") for name, text in profiles._profile_files()]
    monkeypatch.setattr(profiles, "_profile_files", lambda: iter(edited))
    profiles.all_profiles()
    assert parsed == [text for _, text in edited]
