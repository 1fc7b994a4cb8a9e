"""`cxmaps validate` on two cores: each process takes whole journeys, parses their files
and checks each journey against itself while its text is at hand (`check_journey`); the
parent then checks the journeys against each other from their summaries alone.

The parent takes journeys from the first on, the child from the last back, until they
meet: both finish together whatever each file costs, with no share to tune. The child
sends, per journey, its entries as msgpack (for the cache, never decoded here), its
diagnostics placed, its summary, and the places of what the rules across journeys may
report in it; the parent never builds the child's part of the model."""

from __future__ import annotations

import datetime
import mmap
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import msgspec

from cxmaps.model.diagnostics import Diagnostic, FieldPath, unreadable_file
from cxmaps.model.maps import Site
from cxmaps.read.frontmatter import FrontMatter
from cxmaps.site import parallel
from cxmaps.site.cache import Entry, Stamp, encode_entry
from cxmaps.site.discover import MapFile, discover
from cxmaps.site.index import journey_refs
from cxmaps.site.journeycheck import check_across, check_journey, check_persona
from cxmaps.site.lifecycle import load_lifecycle
from cxmaps.site.loader import Loader, Scan, add_file_gaps, add_unread_gaps, stamp_files
from cxmaps.site.parse import parse_file
from cxmaps.site.place import At, Placer, Spot
from cxmaps.site.rules import Gaps, Known
from cxmaps.site.summary import JourneySummary, PersonaSummary

UNITS_PER_CHUNK = 8
"""Journeys the child sends at a time."""


class Checked(msgspec.Struct, array_like=True, kw_only=True):
    """One journey (its index and stage files) or persona, parsed and checked alone."""

    entries: dict[str, msgspec.Raw]
    """The msgpack of the entries parsed now, for the cache."""
    stamps: dict[str, Stamp]
    """The stamps of its files, where this process took them."""
    read: list[str]
    """The files with an entry (parsed now or taken from the cache)."""
    diagnostics: list[Diagnostic]
    gaps_journeys: list[str] = []
    gaps_reviews: list[str] = []
    gaps_actions: bool = False
    gaps_personas: bool = False
    journey: JourneySummary | None = None
    persona: PersonaSummary | None = None
    places: list[tuple[str, FieldPath, bool, tuple[int, int] | None]] = []
    """Where the problems the rules across journeys may find in it stand."""


def check_in_two(loader: Loader, day: datetime.date, scan: Scan | None = None
                 ) -> tuple[list[Diagnostic], int, Scan] | None:
    """The diagnostics (unsorted), the number of map files read and what the site held;
    None where two processes are not worth it (few files to parse) or not safe (other
    threads run, as under `mkdocs serve`), or fork is missing. Without `scan` (nothing
    is cached), the files are only listed first: each process `stat`s those it takes."""
    if scan is None:
        scan = Scan(discover(loader.layout), {}, [])
        present = scan.discovery.files
        fresh = len(present)
    else:
        present = [f for f in scan.discovery.files if f.rel in scan.stamps]
        fresh = sum(1 for f in present if not loader.cache.holds(f.rel, scan.stamps[f.rel]))
    if (fresh < parallel.PARALLEL_FROM or not hasattr(os, "fork")
            or threading.active_count() > 1):
        return None
    checker = _Checker(loader, scan, day, stat_units=not scan.stamps)
    results = _in_two(checker, _units(present))
    diagnostics, files = checker.finish(results)
    loader.parsed = files if checker.stat_units else fresh  # (nothing was cached)
    loader.stamps = scan.stamps
    return diagnostics, files, scan


def _units(files: list[MapFile]) -> list[list[MapFile]]:
    """Each persona file alone; each journey's files together (discovery lists a
    journey's index, then its stages)."""
    units: list[list[MapFile]] = []
    last = None
    for file in files:
        journey = file.journey if file.kind == "stage" else file.id
        if file.kind == "persona" or file.kind == "journey" or journey != last:
            units.append([])
        units[-1].append(file)
        last = None if file.kind == "persona" else journey
    return units


@dataclass
class _Checker:
    loader: Loader
    scan: Scan
    day: datetime.date
    stat_units: bool
    """Whether the files are yet to be `stat`ed, each by the process that takes it."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    known: Known = field(init=False)

    def __post_init__(self) -> None:
        found, layout = self.scan.discovery, self.loader.layout
        if self.stat_units:
            named = self.loader.registries()
            stamps, unreadable = stamp_files(str(layout.root), sorted(named), named)
            self.scan.stamps.update(stamps)
            self.scan.unreadable += unreadable
        self.diagnostics = found.problems + self.scan.unreadable
        registries = Site()  # what the check needs of them is their ids
        owners = self.loader.read_owners(registries, self.diagnostics)
        phases = load_lifecycle(layout.root, layout.lifecycle_file, registries,
                                self.diagnostics)
        gaps = Gaps()
        for file in found.files:
            if not self.stat_units and file.rel not in self.scan.stamps:
                add_file_gaps(gaps, file, None)
        add_unread_gaps(gaps, found.problems, layout.journeys_dir)
        self.known = Known(found.persona_ids, found.journey_ids, owners, gaps, phases)

    def check(self, unit: list[MapFile]) -> Checked:
        """Parse a unit's files (those not in the cache) and check it alone. Their text
        is let go with the unit: a problem the rules across journeys find where no
        place was made in advance reads its file again (a rare one, such as an action id
        used twice)."""
        root, cache, stamps = self.loader.layout.root, self.loader.cache, self.scan.stamps
        texts: dict[str, FrontMatter] = {}
        entries: dict[str, Entry] = {}
        encoded: dict[str, msgspec.Raw] = {}
        diagnostics: list[Diagnostic] = []
        gaps = Gaps()
        stamped: dict[str, Stamp] = {}
        if self.stat_units:
            stamped, diagnostics = stamp_files(str(root), [file.rel for file in unit])
            stamps.update(stamped)
        for file in unit:
            if file.rel not in stamps:  # not there any more, or not a file to read
                add_file_gaps(gaps, file, None)
                continue
            entry = cache.get(file.rel, stamps[file.rel])
            if entry is None:
                try:
                    entry = parse_file(root, file, texts)
                except OSError as err:
                    diagnostics.append(unreadable_file(file.rel, err))
                    add_file_gaps(gaps, file, None)
                    continue
                raw = encode_entry(entry)
                if raw is None:
                    cache.put(file.rel, stamps[file.rel], entry)
                else:  # the entry itself is let go with the unit, not all at the end
                    encoded[file.rel] = raw
                    cache.put_raw(file.rel, stamps[file.rel], raw)
            entries[file.rel] = entry
            diagnostics.extend(entry.diagnostics)
            add_file_gaps(gaps, file, entry)
        _merge(self.known.gaps, gaps)
        checked = Checked(entries=encoded, stamps=stamped, read=list(entries),
                          diagnostics=diagnostics,
                          gaps_journeys=sorted(gaps.journeys),
                          gaps_reviews=sorted(gaps.reviews), gaps_actions=gaps.actions,
                          gaps_personas=gaps.personas)
        placer = Placer(root, entries.get, texts)
        first = entries.get(unit[0].rel)
        if first is not None and first.persona is not None:
            problems, checked.persona = check_persona(first.persona, self.scan.discovery.assets,
                                                      self.scan.discovery.refused)
        elif first is not None and first.journey is not None:
            journey = msgspec.structs.replace(first.journey, stages=[
                entry.stage for file in unit[1:]
                if (entry := entries.get(file.rel)) is not None and entry.stage is not None])
            problems, summary = check_journey(journey_refs(journey), self.known, self.day)
            checked.journey = summary
            checked.places = [(*spot, placer.at(spot)) for spot in _spots(summary)]
        else:
            problems = []
        diagnostics.extend(placer.place(problems))
        return checked

    def finish(self, results: list[Checked]) -> tuple[list[Diagnostic], int]:
        """The diagnostics of every unit, and those across journeys."""
        cache, stamps = self.loader.cache, self.scan.stamps
        diagnostics = self.diagnostics
        journeys, personas = [], []
        placed: dict[Spot, At] = {}
        read = set()
        for checked in results:
            stamps.update(checked.stamps)
            diagnostics += checked.diagnostics
            read.update(checked.read)
            _merge(self.known.gaps, Gaps(set(checked.gaps_journeys), set(checked.gaps_reviews),
                                         checked.gaps_actions, checked.gaps_personas))
            for rel, raw in checked.entries.items():  # the child's (the parent's again)
                cache.put_raw(rel, stamps[rel], raw)
            if checked.journey is not None:
                journeys.append(checked.journey)
            if checked.persona is not None:
                personas.append(checked.persona)
            placed.update(((rel, path, at_key), at) for rel, path, at_key, at in checked.places)
        cache.prune(read)
        problems = check_across(journeys, personas, self.known)
        placer = Placer(self.loader.layout.root,
                        lambda rel: cache.get(rel, stamps[rel]) if rel in stamps else None,
                        {}, placed)
        return diagnostics + placer.place(problems), len(read)


def _merge(into: Gaps, gaps: Gaps) -> None:
    into.journeys |= gaps.journeys
    into.reviews |= gaps.reviews
    into.actions = into.actions or gaps.actions
    into.personas = into.personas or gaps.personas


def _spots(summary: JourneySummary) -> Iterator[Spot]:
    """Where the rules across journeys may place a problem in this journey: a high pain
    point left open, its `future_of`, its `parent` (not an action's id or reference, which
    are rarely wrong: those files are read again when they are)."""
    for pain in summary.open_pains:
        yield pain.file, pain.pointer, False
    if summary.future_of is not None:
        yield summary.path, ("future_of",), False
    if summary.parent is not None:
        yield summary.path, ("parent",), False


def _in_two(checker: _Checker, units: list[list[MapFile]]) -> list[Checked]:
    """Every unit checked, the parent from the first, the child from the last, meeting
    where they meet. Each claims a unit by moving its mark in shared memory before it
    checks whether the other has it: a unit both take is checked twice (the parent's
    kept), one both leave is checked by the parent at the end, as is whatever a failed
    child did not send."""
    count = len(units)
    shared = mmap.mmap(-1, 16)
    marks = memoryview(shared).cast("q")
    marks[0], marks[1] = 0, count  # the parent's next unit; the child's last
    results: dict[int, Checked] = {}
    decoder = msgspec.msgpack.Decoder(list[tuple[int, Checked | None]])

    def take(data: bytearray) -> None:
        for number, checked in decoder.decode(data):
            if checked is not None:
                results.setdefault(number, checked)

    pid, read_end = parallel.fork_child(lambda out: _child(checker, units, marks, out))
    stream = parallel.Stream(read_end, take)
    try:
        for number in range(count):
            marks[0] = number + 1
            if number >= marks[1]:
                break
            results[number] = checker.check(units[number])
            stream.poll()
        stream.finish()
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
        marks.release()
        shared.close()
    return [results[n] if n in results else checker.check(units[n])
            for n in range(count)]


def _child(checker: _Checker, units: list[list[MapFile]], marks: memoryview,
           out: BinaryIO) -> None:
    encoder = msgspec.msgpack.Encoder()
    batch: list[tuple[int, msgspec.Raw | None]] = []
    for number in range(len(units) - 1, -1, -1):
        marks[1] = number
        if number < marks[0]:
            break
        checked = checker.check(units[number])
        try:
            batch.append((number, msgspec.Raw(encoder.encode(checked))))
        except (ValueError, OverflowError, TypeError):  # msgpack cannot hold it: the parent
            batch.append((number, None))                # checks this one itself
        if len(batch) == UNITS_PER_CHUNK:
            parallel.write_chunk(out, encoder.encode(batch))
            batch.clear()
    if batch:
        parallel.write_chunk(out, encoder.encode(batch))
