"""A command's bookkeeping of input errors: report each once, keep going, exit 2 at the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from digestfmt.errors import DigestError
from digestfmt.i18n import N_, _

T = TypeVar("T")
NESTING = N_("input nests too deeply to process")


class Run:
    """Per-command bookkeeping: report input errors and keep going."""

    def __init__(self) -> None:
        self.failed = False
        self._reported: set[str] = set()

    def attempt(self, action: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return action(*args, **kwargs)
        except DigestError as exc:
            self.failed = True
            if str(exc) not in self._reported:  # e.g. one broken config shared by many files
                self._reported.add(str(exc))
                click.echo(f"digestfmt: error: {exc}", err=True)
        except RecursionError:
            self.failed = True
            click.echo(f"digestfmt: error: {_(NESTING)}", err=True)
        return None
