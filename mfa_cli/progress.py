"""A progress bar on stderr for long first builds; shown only after a second, only on a terminal."""
from __future__ import annotations

import time


class BuildProgress:
    """Called as progress(files_done, files_total, items_done)."""

    def __init__(self, delay: float = 1.0):
        self.started = time.monotonic()
        self.delay = delay
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int, entries: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.delay or done >= total:
                return
            # Rich's progress module is heavy; only builds long enough to show it import it.
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TextColumn("files,"),
                TextColumn("{task.fields[entries]} items,"), TextColumn("{task.fields[rate]} items/s,"),
                TimeRemainingColumn(), TextColumn("left"),
                console=Console(stderr=True), transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("index", total=total, entries=0, rate=0)
        rate = round(entries / max(time.monotonic() - self.started, 1e-3))
        self.bar.update(self.task, completed=done, entries=entries, rate=rate)
        if done >= total:
            self.bar.stop()
