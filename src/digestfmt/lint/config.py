"""Linter settings: from ``[tool.digestfmt]`` in pyproject.toml or ``.digestfmt.yaml``.

The configuration nearest to a linted file wins (searching up from its folder),
unless ``--config`` names one for every file. Every key is checked: an unknown
key or an option of the wrong type is an error that names it.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from digestfmt.errors import DigestError
from digestfmt.lint.rule import Rule
from digestfmt.lint.rules import all_rules
from digestfmt.lint.select import enabled, known

if TYPE_CHECKING:
    from digestfmt.links.settings import LinkSettings

# tomllib, zoneinfo, pathlib and the link settings are imported where a configuration file
# is read: a one-file lint in a repository without one needs none of them.

CONFIG_FILES = (".digestfmt.yaml", ".digestfmt.yml", "pyproject.toml")
_KEYS = {"profile", "profiles", "select", "ignore", "extend-select", "per-file-ignores",
         "timezone", "rules", "exclude", "extend-exclude", "links", "cache-dir"}
# Markdown files in a repository that are not digests; pre-commit passes them too.
DEFAULT_EXCLUDE = ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.md",
                   "CODE_OF_CONDUCT.md")


class ConfigError(DigestError):
    """A configuration problem: reported with the file, exit code 2."""


@dataclass(frozen=True)
class Config:
    """The settings one file is linted with (defaults, a configuration file, the CLI)."""

    select: tuple[str, ...] = ("DF",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    profile: str | None = None  # the style every file is read in (a profile's name)
    profiles: tuple[str, ...] = ()  # profiles read from files, added to style detection
    timezone: str = "Asia/Shanghai"
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by code
    links: Mapping[str, Any] = field(default_factory=dict)  # [tool.digestfmt.links], checked
    source: str | None = None  # the file these settings came from
    root: str = "."  # folder per-file-ignores patterns are relative to
    cache_dir: str | None = None  # lint result cache ('cache-dir', resolved against root)

    def rules_for(self, path: str) -> list[Rule]:
        """The rules that run on ``path``: selection, then per-file ignores."""
        ignore = (*self.ignore, *self._file_ignores(path))
        return list(_selected(all_rules(), (*self.select, *self.extend_select), ignore))

    def excludes(self, path: str) -> bool:
        """True for files to leave alone, matched by name or by path relative to ``root``."""
        if not self.exclude:
            return False
        relative = _relative(path, self.root).replace(os.sep, "/")
        name = os.path.basename(path)
        match = _patterns(self.exclude).match
        return bool(match(os.path.normcase(name)) or match(os.path.normcase(relative)))

    def link_settings(self) -> LinkSettings:
        from digestfmt.links.settings import link_settings

        return link_settings(self.links, self.source or "settings", self.root)

    def options_for(self, rule: Rule) -> dict[str, Any]:
        return {**rule.options, **self.rule_options.get(rule.code, {})}

    def with_cli(self, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                 extend_select: tuple[str, ...] = ()) -> Config:
        """Command-line selectors: --select replaces, the others add."""
        for selector in (*select, *ignore, *extend_select):
            _check_selector(selector, "command line")
        return replace(
            self,
            select=select or self.select,
            ignore=(*self.ignore, *ignore),
            extend_select=(*self.extend_select, *extend_select),
        )

    def _file_ignores(self, path: str) -> list[str]:
        if not self.per_file_ignores:
            return []
        relative = _relative(path, self.root).replace(os.sep, "/")
        return [
            code for pattern, codes in self.per_file_ignores.items()
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path, pattern)
            for code in codes
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "profile": self.profile,
            "profiles": list(self.profiles),
            "select": list(self.select),
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "exclude": list(self.exclude),
            "timezone": self.timezone,
            "rules": {code: dict(opts) for code, opts in self.rule_options.items()},
            "links": dict(self.links),
            "cache-dir": self.cache_dir,
        }


def _selected(registry: Mapping[str, Rule], selectors: tuple[str, ...],
              ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    """The rules ``selectors`` choose and ``ignore`` leaves, in registry order; a rule
    off by default runs only when a selector names it. Worked out once a run per
    registry (tests and plugins may extend it) and selection, not once a file."""
    key = (id(registry), selectors, ignore)
    held = _SELECTED.get(key)
    if held is None or held[0] is not registry:  # the registry is held: its id stays its own
        if len(_SELECTED) > 256:
            _SELECTED.clear()
        held = _SELECTED[key] = (registry, tuple(
            rule for rule in registry.values()
            if enabled(rule, selectors, ignore)
            and (rule.default_enabled or any(s in (rule.code, rule.name) for s in selectors))
        ))
    return held[1]


_SELECTED: dict[tuple[int, tuple[str, ...], tuple[str, ...]], tuple[Mapping[str, Rule],
                                                                    tuple[Rule, ...]]] = {}


def _relative(path: str, root: str) -> str:
    """``os.path.relpath(os.path.abspath(path), root)``, without its cost in the common
    case of a file below ``root``."""
    absolute = os.path.abspath(path)
    prefix = _folder_prefix(root, os.getcwd())
    if absolute.startswith(prefix):
        return absolute[len(prefix):]
    return os.path.relpath(absolute, root)


@cache
def _folder_prefix(root: str, cwd: str) -> str:
    """``root`` (relative to ``cwd``) made absolute, ending in a separator."""
    base = os.path.join(cwd, root) if not os.path.isabs(root) else root
    base = os.path.normpath(base)
    return base if base.endswith(os.sep) else base + os.sep


@cache
def _patterns(globs: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for ``fnmatch.fnmatch`` against any of ``globs``."""
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(g))})" for g in globs))


def load_config(path: str) -> Config:
    """Settings read from one configuration file."""
    import tomllib
    from pathlib import Path

    from digestfmt.io import read_text
    from digestfmt.structured import load_yaml

    where = str(path)
    try:
        text = read_text(path, "a configuration file")
    except DigestError as exc:
        raise ConfigError(where, f"cannot read configuration: {exc.reason}") from None
    try:
        if path.endswith(".toml"):
            data = tomllib.loads(text).get("tool", {}).get("digestfmt", {})
            where = f"{path} [tool.digestfmt]"
        else:
            data = load_yaml(text, where, _yaml_loader()) or {}
    except (tomllib.TOMLDecodeError, ValueError) as exc:  # ValueError: a too long integer
        raise ConfigError(where, f"cannot parse configuration: {exc}") from None
    except DigestError as exc:
        raise ConfigError(where, f"cannot parse configuration: {exc.reason}") from None
    if not isinstance(data, dict):
        raise ConfigError(where, "configuration must be a mapping")
    return _build(data, where, str(Path(path).resolve().parent))


def _yaml_loader() -> Any:
    """PyYAML's safe loader, as ``yaml.safe_load`` uses (imported only when a YAML
    configuration is read)."""
    import yaml

    return yaml.SafeLoader


def find_config(path: str) -> Config:
    """The configuration nearest to ``path``; defaults when there is none."""
    start = os.path.dirname(os.path.realpath(path)) if path != "-" else os.getcwd()
    return _nearest(start)


@cache
def _nearest(folder: str) -> Config:
    """(Strings, not Paths: an archive has a folder a day, each looked up once.)"""
    for name in CONFIG_FILES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml"
                                          or _has_section(candidate)):
            return load_config(candidate)
    parent = os.path.dirname(folder)
    if parent == folder:
        return Config()
    return _nearest(parent)


def _has_section(pyproject: str) -> bool:
    """Whether a pyproject.toml holds [tool.digestfmt]. One that is not text at all
    (binary, not UTF-8) is an error: whether it was meant to hold our settings cannot
    be told, and TOML is UTF-8 (black and ruff refuse such a file too)."""
    from digestfmt.io import decode_utf8, read_bytes

    try:
        data = read_bytes(pyproject)
    except DigestError:
        return False
    try:
        text = decode_utf8(data, pyproject, "a configuration file")
    except DigestError as exc:
        raise ConfigError(pyproject, f"cannot read configuration: {exc.reason}") from None
    # A key spelled "digestfmt" needs that text, or an escape (\u0064...) in a quoted key:
    # without either, parsing (and importing tomllib) cannot find the table.
    if "digestfmt" not in text and "\\u" not in text and "\\U" not in text:
        return False
    import tomllib

    try:
        return "digestfmt" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False


def _profiles(data: dict[str, Any], where: str, root: str) -> tuple[str, ...]:
    """'profiles': profile files (paths or globs relative to the configuration file), read
    and checked now, known to every command and to style detection from then on."""
    import glob

    patterns = _string_list(data.get("profiles", []), "profiles", where)
    paths: list[str] = []
    for pattern in patterns:
        matched = sorted(glob.glob(os.path.join(root, pattern)))
        if not matched and not glob.has_magic(pattern):
            raise ConfigError(where, f"no profile file {pattern!r} in 'profiles'")
        paths += matched
    return tuple(_profile_names(paths, where, None))


def _profile_names(specs: list[str], where: str, root: str | None) -> list[str]:
    """The names of the profiles ``specs`` give (names or paths relative to ``root``)."""
    from digestfmt.profiles import ProfileError, resolve

    try:
        return [resolve(spec, root).name for spec in specs]
    except ProfileError as exc:
        raise ConfigError(where, str(exc)) from None


def _build(data: dict[str, Any], where: str, root: str) -> Config:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from digestfmt.links.settings import link_settings

    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    lists = {k: _string_list(data.get(k, []), k, where)
             for k in ("select", "ignore", "extend-select")}
    exclude = _string_list(data.get("exclude", list(DEFAULT_EXCLUDE)), "exclude", where)
    exclude += _string_list(data.get("extend-exclude", []), "extend-exclude", where)
    for selector in (s for values in lists.values() for s in values):
        _check_selector(selector, where)
    per_file = data.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(where, "'per-file-ignores' must map glob patterns to lists of codes")
    timezone = data.get("timezone", "Asia/Shanghai")
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(where, f"unknown time zone {timezone!r} in 'timezone'") from None
    profiles = _profiles(data, where, root)
    profile = data.get("profile")
    if profile is not None:
        if not isinstance(profile, str):
            raise ConfigError(where, "'profile' must be a profile's name or a profile file's path")
        profile = _profile_names([profile], where, root)[0]
    links = data.get("links", {})
    if not isinstance(links, dict):
        raise ConfigError(where, "'links' must be a mapping")
    link_settings(links, where, root)  # reject bad link settings now, not mid-run
    cache_dir = data.get("cache-dir")
    if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir.strip()):
        raise ConfigError(where, "'cache-dir' must be a folder name (a string)")
    for codes in per_file.values():
        for selector in _string_list(codes, "per-file-ignores", where):
            _check_selector(selector, where)
    return Config(
        select=tuple(lists["select"]) or ("DF",),
        ignore=tuple(lists["ignore"]),
        extend_select=tuple(lists["extend-select"]),
        exclude=tuple(exclude),
        per_file_ignores={
            str(k): tuple(_string_list(v, f"per-file-ignores.{k}", where))
            for k, v in per_file.items()
        },
        profile=profile,
        profiles=profiles,
        timezone=str(timezone),
        rule_options=_rule_options(data.get("rules", {}), where),
        links=links,
        source=where,
        root=root,
        cache_dir=os.path.join(root, os.path.expanduser(cache_dir)) if cache_dir else None,
    )


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"{key!r} must be a list of strings")
    return list(value)


def _check_selector(selector: str, where: str) -> None:
    if not known(selector, all_rules().values()):
        raise ConfigError(where, f"unknown rule selector {selector!r}")


def _rule_options(data: Any, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict):
        raise ConfigError(where, "'rules' must map rule codes or names to their options")
    by_name = {r.name: r for r in all_rules().values()}
    out: dict[str, dict[str, Any]] = {}
    for key, options in data.items():
        rule = all_rules().get(str(key).upper()) or by_name.get(str(key))
        if rule is None:
            raise ConfigError(where, f"unknown rule {key!r} in 'rules'")
        if not isinstance(options, dict):
            raise ConfigError(where, f"options of rule {key!r} must be a mapping")
        for name, value in options.items():
            if name not in rule.options:
                names = ", ".join(rule.options) or "none"
                raise ConfigError(
                    where, f"unknown option {name!r} for rule {rule.code} (options: {names})"
                )
            expected = type(rule.options[name])
            if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                raise ConfigError(
                    where, f"option {rule.code}.{name} must be {expected.__name__}, got {value!r}"
                )
        out[rule.code] = dict(options)
    return out
