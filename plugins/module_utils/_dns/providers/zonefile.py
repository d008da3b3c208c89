# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Zone-file provider for GitOps flows: a managed block inside a BIND-format file.

The whole file is parsed with dnspython to know the zone's current state.  Our
values live between two marker comments; every other line is left exactly as
it was.  A write replaces the block, bumps the SOA serial and renames a
temporary file over the original (atomic on POSIX).  A run with nothing to
change does not touch the file.  A value that must go but sits outside the
block is reported, never edited.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import re
import tempfile

try:
    import fcntl
except ImportError:  # pragma: no cover - non-POSIX controllers
    fcntl = None

try:
    import dns.exception
    import dns.zone

    HAS_DNSPYTHON = True
except ImportError:
    HAS_DNSPYTHON = False

from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.rfc2136 import record_sets_from_zone
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ConcurrentChange, ProviderError
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import absolute, presentation

BEGIN = "; BEGIN mailops.ses managed records (changes here are overwritten)"
END = "; END mailops.ses managed records"
BLOCK_RE = re.compile(r"^; BEGIN mailops\.ses managed records[^\n]*\n(.*?)^; END mailops\.ses managed records[^\n]*\n?", re.M | re.S)


def _parse(text, zone, path):
    try:
        return dns.zone.from_text(text, origin=zone, relativize=False, check_origin=False, filename=path)
    except dns.exception.DNSException as exc:
        raise ProviderError("zone file %s for zone %s does not parse: %s; fix the file first" % (path, zone, exc))


def bump_serial(text):
    """``text`` with the SOA serial incremented (RFC 1982 arithmetic), and the new serial."""
    pattern = re.compile(r"(\bSOA\b(?:\s|\(|;[^\n]*\n)+\S+(?:\s|\(|;[^\n]*\n)+\S+(?:\s|\(|;[^\n]*\n)+)(\d+)", re.I)
    match = pattern.search(text)
    if not match:
        raise ProviderError("no SOA serial found in the zone file; the file needs an SOA record")
    serial = (int(match.group(2)) + 1) % (2**32) or 1
    return text[: match.start(2)] + str(serial) + text[match.end(2) :], serial


RETIRED = "; mailops.ses retired this line (value changed or removed by the plan): "


def retire_line(text, raw, name, rtype, path):
    """Comment out the one unmanaged line that holds ``raw``; raise ProviderError when it is not exactly one line."""
    match = BLOCK_RE.search(text)
    start, end = (match.start(), match.end()) if match else (len(text), len(text))
    lines = text[:start].split("\n")
    hits = [i for i, line in enumerate(lines) if raw in line and not line.lstrip().startswith(";")]
    if len(hits) != 1:
        raise ProviderError(
            "%s %s value %s is outside the managed block of %s and %s; change that line by hand"
            % (name, rtype, raw, path, "not found verbatim on one line" if not hits else "found on %d lines" % len(hits))
        )
    lines[hits[0]] = RETIRED + lines[hits[0]]
    return "\n".join(lines) + text[start:end] + text[end:]


class ZoneFileProvider:
    name = "zonefile"

    def __init__(self, zone, path, bump_soa_serial=True):
        if not HAS_DNSPYTHON:
            raise ProviderError("the zonefile provider needs dnspython on the host that runs the module: pip install dnspython")
        self.zone = absolute(zone)
        self.path = path
        self.bump_soa_serial = bump_soa_serial
        self.reads = 0
        self.writes = 0
        self._digest = None
        self._managed = {}

    def describe(self):
        return "zone %s in file %s" % (self.zone, self.path)

    def _load(self):
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except (IOError, OSError) as exc:
            raise ProviderError("cannot read the zone file for zone %s: %s; check path" % (self.zone, exc))
        return data, data.decode("utf-8")

    def read(self, keys=None):
        self.reads += 1
        data, text = self._load()
        self._digest = hashlib.sha256(data).hexdigest()
        current = record_sets_from_zone(_parse(text, self.zone, self.path))
        match = BLOCK_RE.search(text)
        self._managed = {}
        if match:
            block = record_sets_from_zone(_parse("$ORIGIN %s\n%s" % (self.zone, match.group(1)), self.zone, self.path))
            self._managed = {key: set(rs.values) for key, rs in block.items()}
        return current

    def render_block(self, managed):
        lines = [BEGIN]
        for key in sorted(managed):
            ttl, values = managed[key]
            for value in sorted(values):
                lines.append("%s %d IN %s %s" % (key[0], ttl, key[1], presentation(key[1], value)))
        lines.append(END)
        return "\n".join(lines) + "\n"

    def new_text(self, text, plan):
        """The file after ``plan``: our values in the block; an outside value the plan drops is retired (commented out)."""
        managed = {key: (None, set(values)) for key, values in self._managed.items()}
        problems = []
        for change in plan.changes:
            key = change.key
            before = set(change.before.values) if change.before else set()
            after = set(change.after.values) if change.after else set()
            ours_before = managed.get(key, (None, set()))[1]
            outside = before - ours_before
            for value in sorted(outside - after):
                try:
                    text = retire_line(text, change.before.raw_value(value), key[0], key[1], self.path)
                except ProviderError as exc:
                    problems.append(str(exc))
            ours_after = after - (outside & after)
            if ours_after:
                managed[key] = (change.after.ttl, ours_after)
            else:
                managed.pop(key, None)
        if problems:
            raise ProviderError("; ".join(problems))
        # TTLs of untouched managed sets come from the current zone
        current = record_sets_from_zone(_parse(text, self.zone, self.path))
        for key, (ttl, values) in list(managed.items()):
            if ttl is None:
                managed[key] = (current[key].ttl if key in current else 300, values)
        block = self.render_block(managed) if managed else ""
        if BLOCK_RE.search(text):
            text = BLOCK_RE.sub(lambda _m: block, text, count=1)
        elif block:
            text = text + ("" if text.endswith("\n") else "\n") + block
        if self.bump_soa_serial:
            text, _serial = bump_serial(text)
        _parse(text, self.zone, self.path)  # never write a file that does not parse
        return text

    def apply(self, plan):
        lock_path = self.path + ".lock"
        with open(lock_path, "a") as lock:
            if fcntl:
                fcntl.flock(lock, fcntl.LOCK_EX)
            data, text = self._load()
            if hashlib.sha256(data).hexdigest() != self._digest:
                raise ConcurrentChange("%s changed since it was read" % self.path)
            new = self.new_text(text, plan)
            directory = os.path.dirname(os.path.abspath(self.path))
            handle, temp = tempfile.mkstemp(prefix=".mailops-", dir=directory)
            try:
                with os.fdopen(handle, "w") as out:
                    out.write(new)
                mode = os.stat(self.path).st_mode & 0o7777
                os.chmod(temp, mode)
                os.rename(temp, self.path)
            except Exception:
                if os.path.exists(temp):
                    os.unlink(temp)
                raise
        self.writes += 1
        return 1
