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

from digestfmt.errors import DigestError, NotADigest
from digestfmt.i18n import N_, _
from digestfmt.lint.rule import Rule
from digestfmt.lint.rules import all_rules
from digestfmt.lint.select import enabled, known

if TYPE_CHECKING:
    from digestfmt.links.settings import LinkSettings

# tomllib, zoneinfo, pathlib and the link settings are imported where a configuration file
# is read: a one-file lint in a repository without one needs none of them.

CONFIG_FILES = (".digestfmt.yaml", ".digestfmt.yml", "pyproject.toml")
_KEYS = {"profile", "profiles", "select", "ignore", "extend-select", "per-file-ignores",
         "timezone", "rules", "exclude", "extend-exclude", "links", "cache-dir", "lang"}
# Markdown files in a repository that are not digests; pre-commit passes them too.
DEFAULT_EXCLUDE = ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.md",
                   "CODE_OF_CONDUCT.md")

# What lint and fmt add to "not a digest": pre-commit and folder walks pass every
# Markdown file, and the fix is to leave the file out, not to force a style on it.
NOT_A_DIGEST_HINT = N_("{reason}; if it is not meant to be one, list it in 'exclude' "
                       "([tool.digestfmt] or .digestfmt.yaml) or keep it from the pre-commit "
                       "hooks with `files:` or `exclude:`")


CANNOT_PARSE = N_("cannot parse configuration: {reason}")


def not_a_digest(exc: NotADigest) -> NotADigest:
    """``exc`` with the advice lint and fmt give, which honour 'exclude'."""
    return NotADigest(exc.path, _(NOT_A_DIGEST_HINT).format(reason=exc.reason))


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
    lang: str | None = None  # messages' language, "en" or "zh" (None: the locale's)

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
            "lang": self.lang,
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
    from pathlib import Path

    where = str(path)
    text = _read(path)
    if path.endswith(".toml"):
        data = _toml(text, path).get("tool", {}).get("digestfmt", {})
        where = f"{path} [tool.digestfmt]"
    else:
        data = _yaml(text, path)
        data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError(where, _("configuration must be a mapping"))
    return _build(data, where, str(Path(path).resolve().parent))


def _read(path: str) -> str:
    """The file's text, read as every input is (a regular file only: no FIFO, no device)."""
    from digestfmt.io import read_bytes

    try:
        data = read_bytes(path)
    except DigestError as exc:
        raise ConfigError(path, _("cannot read configuration: {reason}").format(
            reason=exc.reason)) from None
    return _decode(data, path)


def _decode(data: bytes, path: str) -> str:
    """The text of a configuration file, as every input is decoded (``io.decode_utf8``);
    not text (NUL bytes, not UTF-8) is one line at the first byte that is not."""
    from digestfmt.io import decode_utf8

    try:
        return decode_utf8(data, path, N_("a configuration file"))
    except DigestError as exc:
        bad = data.find(b"\x00")
        if bad < 0:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as error:
                bad = error.start
        text = data[:max(bad, 0)].decode("utf-8", "replace")
        line, column = _position(text, len(text))
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=exc.reason), line,
                          column) from None


def _toml(text: str, path: str) -> dict[str, Any]:
    """The TOML document; a syntax error as one line at its position (tomllib puts the
    position in the message: "... (at line 3, column 1)" or "(at end of document)")."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r" \(at line (\d+), column (\d+)\)$", message)
        if found:
            line, column = int(found[1]), int(found[2])
        else:
            line, column = _position(text, len(text))
        message = re.sub(r" \(at (?:line \d+, column \d+|end of document)\)$", "", message)
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=message), line, column) from None
    except ValueError as exc:  # an integer too long to convert
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=exc)) from None


def _yaml(text: str, path: str) -> Any:
    """The YAML document (PyYAML is imported only when a YAML configuration is read); a
    syntax error as one line at its position, not PyYAML's several."""
    import yaml

    from digestfmt.structured import depth_check

    try:
        depth_check(yaml.parse(text, Loader=yaml.SafeLoader), path)  # no deep recursion
        return yaml.safe_load(text)
    except DigestError as exc:  # nested too deeply
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=exc.reason)) from None
    except ValueError as exc:  # an integer too long to convert
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = "; ".join(m for m in (exc.context, exc.problem) if m) or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=message), line, column) from None
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        line, column = _position(text, getattr(exc, "position", len(text)))
        reason = getattr(exc, "reason", None) or "invalid YAML"
        raise ConfigError(path, _(CANNOT_PARSE).format(reason=reason), line, column) from None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# folder -> its nearest configuration: an archive has a folder a day, each looked up once
# (strings, not Paths)
_NEAREST: dict[str, Config] = {}


def find_config(path: str) -> Config:
    """The configuration nearest to ``path``; defaults when there is none.

    Climbs in a loop, not by recursion: a path may be thousands of folders deep. Every
    folder climbed through is remembered with the answer, so each is looked at once."""
    folder = os.path.dirname(os.path.realpath(path)) if path != "-" else os.getcwd()
    climbed: list[str] = []
    while folder not in _NEAREST:
        climbed.append(folder)
        candidate, parent = _config_in(folder), os.path.dirname(folder)
        if candidate is not None or parent == folder:
            config = load_config(candidate) if candidate is not None else Config()
            break
        folder = parent
    else:
        config = _NEAREST[folder]
    for each in climbed:
        _NEAREST[each] = config
    return config


def _config_in(folder: str) -> str | None:
    """The configuration file in ``folder`` itself, if it has one."""
    for name in CONFIG_FILES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml"
                                          or _has_section(candidate)):
            return candidate
    return None


def _has_section(pyproject: str) -> bool:
    """Whether a pyproject.toml holds ``[tool.digestfmt]``. One that is not text at all
    (binary, not UTF-8) is an error: whether it was meant to hold our settings cannot be
    told, and TOML is UTF-8 (black and ruff refuse such a file too). One that could hold
    the table and is not valid TOML is an error, not a file to pass over: its settings
    would be silently lost."""
    from digestfmt.io import read_bytes

    try:
        data = read_bytes(pyproject)
    except DigestError:
        return False
    text = _decode(data, pyproject)  # not UTF-8: an error at its position
    # A key spelled "digestfmt" needs that text, or an escape (\u0064...) in a quoted key:
    # without either, parsing (and importing tomllib) cannot find the table.
    if b"digestfmt" not in data and b"\\u" not in data and b"\\U" not in data:
        return False
    return "digestfmt" in _toml(text, pyproject).get("tool", {})


def _profiles(data: dict[str, Any], where: str, root: str) -> tuple[str, ...]:
    """'profiles': profile files (paths or globs relative to the configuration file), read
    and checked now, known to every command and to style detection from then on."""
    import glob

    patterns = _string_list(data.get("profiles", []), "profiles", where)
    paths: list[str] = []
    for pattern in patterns:
        matched = sorted(glob.glob(os.path.join(root, pattern)))
        if not matched and not glob.has_magic(pattern):
            raise ConfigError(where, _("no profile file {pattern!r} in 'profiles'").format(
                pattern=pattern))
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
        raise ConfigError(where, _("unknown key {key!r} (known: {known})").format(
            key=unknown[0], known=", ".join(sorted(_KEYS))))
    lists = {k: _string_list(data.get(k, []), k, where)
             for k in ("select", "ignore", "extend-select")}
    exclude = _string_list(data.get("exclude", list(DEFAULT_EXCLUDE)), "exclude", where)
    exclude += _string_list(data.get("extend-exclude", []), "extend-exclude", where)
    for selector in (s for values in lists.values() for s in values):
        _check_selector(selector, where)
    per_file = data.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(where, _("'per-file-ignores' must map glob patterns to lists of codes"))
    timezone = data.get("timezone", "Asia/Shanghai")
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(where, _("unknown time zone {zone!r} in 'timezone'").format(
            zone=timezone)) from None
    profiles = _profiles(data, where, root)
    profile = data.get("profile")
    if profile is not None:
        if not isinstance(profile, str):
            raise ConfigError(where, _("'profile' must be a profile's name or a profile file's "
                                       "path"))
        profile = _profile_names([profile], where, root)[0]
    links = data.get("links", {})
    if not isinstance(links, dict):
        raise ConfigError(where, _("'links' must be a mapping"))
    link_settings(links, where, root)  # reject bad link settings now, not mid-run
    cache_dir = data.get("cache-dir")
    if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir.strip()):
        raise ConfigError(where, _("'cache-dir' must be a folder name (a string)"))
    lang = data.get("lang")
    if lang is not None:
        from digestfmt.i18n import normalize

        lang = normalize(lang) if isinstance(lang, str) else None
        if lang is None:
            raise ConfigError(where, _("'lang' must be en or zh, got {value!r}").format(
                value=data["lang"]))
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
        lang=lang,
    )


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, _("{key!r} must be a list of strings").format(key=key))
    return list(value)


def _check_selector(selector: str, where: str) -> None:
    if not known(selector, all_rules().values()):
        raise ConfigError(where, _("unknown rule selector {selector!r}").format(
            selector=selector))


def _rule_options(data: Any, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict):
        raise ConfigError(where, _("'rules' must map rule codes or names to their options"))
    by_name = {r.name: r for r in all_rules().values()}
    out: dict[str, dict[str, Any]] = {}
    for key, options in data.items():
        rule = all_rules().get(str(key).upper()) or by_name.get(str(key))
        if rule is None:
            raise ConfigError(where, _("unknown rule {key!r} in 'rules'").format(key=key))
        if not isinstance(options, dict):
            raise ConfigError(where, _("options of rule {key!r} must be a mapping").format(
                key=key))
        for name, value in options.items():
            if name not in rule.options:
                names = ", ".join(rule.options) or _("none")
                raise ConfigError(where, _("unknown option {name!r} for rule {code} (options: "
                                           "{names})").format(name=name, code=rule.code,
                                                              names=names))
            expected = type(rule.options[name])
            if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                raise ConfigError(where, _("option {option} must be {kind}, got {value!r}").format(
                    option=f"{rule.code}.{name}", kind=expected.__name__, value=value))
        out[rule.code] = dict(options)
    return out
