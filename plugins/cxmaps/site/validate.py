"""Validate a site: load it, apply every rule, and place every problem in its file.

The one entry point the CLI, the MkDocs plugin and the tests share.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Iterator

from cxmaps.model.diagnostics import Diagnostic, sort_key
from cxmaps.site.cache import LastRun, Stamp
from cxmaps.site.index import CrossIndex, build_index
from cxmaps.site.journeycheck import (
    CheckedWith,
    JourneyCheck,
    JourneyChecks,
    check_beyond_journeys,
    check_journey,
)
from cxmaps.site.loader import Loader, Scan, gaps_of
from cxmaps.site.place import Placer
from cxmaps.site.report import Report
from cxmaps.site.rules import Known, today
from cxmaps.site.split import check_in_two


def validate(loader: Loader, day: datetime.date | None = None,
             scan: Scan | None = None, previous: CrossIndex | None = None,
             checks: JourneyChecks | None = None) -> Report:
    """Validate and build the model, parsing only files changed since the last run; with
    `previous` and `checks` (the index and checks of the last report of the same site, as
    `mkdocs serve` keeps them) the references and own problems of the journeys that did
    not change are kept from them."""
    with collector_paused():
        return _validate(loader, day or today(), scan or loader.scan(), previous, checks)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Loading a site makes millions of objects and frees almost none: the cycle
    collector would walk them all again and again for nothing (a fifth of a cold run)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _validate(loader: Loader, day: datetime.date, scan: Scan,
              previous: CrossIndex | None, kept: JourneyChecks | None) -> Report:
    loaded = loader.load(scan)
    site = loaded.site
    known = Known(loaded.discovery.persona_ids, loaded.discovery.journey_ids, loaded.owner_ids,
                  gaps_of(loaded, loader.layout.journeys_dir), loaded.phases)
    index = build_index(site, previous)
    placer = Placer(loader.layout.root, loaded.entries.get, loaded.texts)
    checks = JourneyChecks(CheckedWith.of(known, day), {})
    diagnostics = loaded.diagnostics + _check_journeys(index, checks, known, day, placer,
                                                       scan.stamps, kept)
    summaries = [check.summary for check in checks.journeys.values()]
    diagnostics += placer.place(check_beyond_journeys(
        site, summaries, known, loaded.discovery.assets, loaded.discovery.refused))
    diagnostics.sort(key=sort_key)
    loader.cache.keep_report(LastRun(fingerprint=_fingerprint(scan, loader, day),
                                     diagnostics=diagnostics, files=len(loaded.entries)))
    loader.save()
    return Report(loader.layout, site, index, diagnostics, len(loaded.entries), checks)


def _check_journeys(index: CrossIndex, made: JourneyChecks, known: Known, day: datetime.date,
                    placer: Placer, stamps: dict[str, Stamp], kept: JourneyChecks | None
                    ) -> list[Diagnostic]:
    """Each journey's own problems, placed, into `made`, in the site's order. A journey
    `kept` holds keeps its check where nothing it read changed: an edit of one file
    under `mkdocs serve` checks one journey again, not a thousand."""
    checks = made.journeys
    last = kept.journeys if kept is not None and kept.checked_with == made.checked_with \
        else {}
    diagnostics: list[Diagnostic] = []
    for key, refs in index.refs.items():
        check = last.get(key)
        if check is None or not check.holds(refs, stamps):
            problems, summary = check_journey(refs, known, day)
            journey = refs.journey
            files = [journey.path, *(stage.path for stage in journey.stages),
                     *(problem.file for problem in problems)]
            check = JourneyCheck(refs, {rel: stamps.get(rel) for rel in files},
                                 placer.place(problems), summary)
        checks[key] = check
        diagnostics += check.diagnostics
    return diagnostics


def check(loader: Loader, day: datetime.date | None = None) -> tuple[list[Diagnostic], int]:
    """Only the diagnostics and the number of map files, as `cxmaps validate` needs them:
    when nothing changed since the last run, straight from the cache."""
    day = day or today()
    stored = loader.cache.report
    scan = None
    if stored is not None or loader.cache.stamps:
        scan = loader.scan()
        if stored is not None and stored.fingerprint == _fingerprint(scan, loader, day):
            return stored.diagnostics, stored.files
    with collector_paused():
        checked = check_in_two(loader, day, scan)  # nothing cached: no `stat` before
    if checked is None:
        report = validate(loader, day, scan)
        return report.diagnostics, report.files
    diagnostics, files, scan = checked
    diagnostics.sort(key=sort_key)
    loader.cache.keep_report(LastRun(fingerprint=_fingerprint(scan, loader, day),
                                     diagnostics=diagnostics, files=files))
    loader.save()
    return diagnostics, files


def _fingerprint(scan: Scan, loader: Loader, day: datetime.date) -> str:
    return scan.fingerprint(day.isoformat(), loader.layout)
