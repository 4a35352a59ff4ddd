#!/usr/bin/python3
"""bench/peer.py: the staleness audit of SPEC "The staleness rules", written
the short way a Python user would, with PyYAML's C loader (Debian's
python3-yaml; run it with /usr/bin/python3).

    peer.py DIR AS_OF

Prints {"as_of", "clients": [{id, state, last_contact, next_due, flags}]}
with every audited client in the audit's order (notebook(1), Order), the subset of
`notebook status --json` that bench/run.sh compares.
"""
import datetime
import json
import os
import re
import sys

import yaml

LOADER = yaml.CLoader

# One scale for states and flags, most urgent first.
STATE_URGENCY = {"stale": 0, "overdue": 1, "never": 3, "due": 6, "snoozed": 9, "ok": 10}
FLAG_URGENCY = {"promise-overdue": 2, "trust": 4, "satisfaction-low": 5, "fit": 7, "thanks-missing": 8}
TASK = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\[([ xX])\][ \t]+(.*)$", re.M)
DUE = re.compile(r"(?:^|\s)due:(\d{4}-\d{2}-\d{2})(?=\s|$)")
DURATION = re.compile(r"^(\d+)([dwmy])$")


def duration(s):
    m = DURATION.match(str(s))
    if not m:
        raise ValueError("bad duration %r" % s)
    return int(m.group(1)), m.group(2)


def days_in_month(y, m):
    if m == 12:
        return 31
    return (datetime.date(y, m + 1, 1) - datetime.date(y, m, 1)).days


def date_add(day, dur, times=1):
    """day (an ordinal) + times x dur; months clamp to the month's end."""
    n, unit = dur
    if unit == "d":
        return day + n * times
    if unit == "w":
        return day + 7 * n * times
    months = n * times * (12 if unit == "y" else 1)
    d = datetime.date.fromordinal(day)
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    m += 1
    return datetime.date(y, m, min(d.day, days_in_month(y, m))).toordinal()


def iso(day):
    return datetime.date.fromordinal(day).isoformat()


class Zone:
    """The notebook's timezone: the day of a date-time, the start of a day."""

    def __init__(self, name):
        self.tz = None
        if name and name != "UTC":
            from zoneinfo import ZoneInfo
            self.tz = ZoneInfo(name)
        self.starts = {}

    def day_of(self, v):
        if isinstance(v, datetime.datetime):
            if v.tzinfo is None:  # PyYAML gives naive UTC for "Z" in some versions
                v = v.replace(tzinfo=datetime.timezone.utc)
            if self.tz:
                v = v.astimezone(self.tz)
            else:
                v = v.astimezone(datetime.timezone.utc)
            return v.date().toordinal(), v.timestamp()
        if isinstance(v, datetime.date):
            day = v.toordinal()
        else:
            day = datetime.date.fromisoformat(str(v)).toordinal()
        return day, self.start(day)

    def start(self, day):
        s = self.starts.get(day)
        if s is None:
            d = datetime.date.fromordinal(day)
            tz = self.tz or datetime.timezone.utc
            s = datetime.datetime(d.year, d.month, d.day, tzinfo=tz).timestamp()
            self.starts[day] = s
        return s


def day_value(v):
    if isinstance(v, datetime.datetime):
        return v.date().toordinal()
    if isinstance(v, datetime.date):
        return v.toordinal()
    return datetime.date.fromisoformat(str(v)).toordinal()


def read_doc(path):
    """(front matter mapping, body) of a notebook file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
    if not end:
        raise ValueError("unterminated front matter")
    data = yaml.load(text[4:4 + end.start()], Loader=LOADER) or {}
    if not isinstance(data, dict):
        raise ValueError("front matter is not a mapping")
    return data, text[4 + end.end():]


def promises(body):
    out = []
    for m in TASK.finditer(body):
        due = DUE.search(m.group(2))
        out.append((m.group(1) == " ", day_value(due.group(1)) if due else None))
    return out


def walk(top):
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in filenames:
            if name.endswith(".md"):
                yield os.path.join(dirpath, name)


def docs(top):
    """(path, front matter, body) of each file under top; a file that does not read is said and skipped."""
    for path in walk(top):
        try:
            data, body = read_doc(path)
        except (ValueError, yaml.YAMLError, UnicodeDecodeError) as e:
            print("peer.py: skipping %s: %s" % (path, e), file=sys.stderr)
            continue
        yield path, data, body


def main():
    root, as_of = sys.argv[1], sys.argv[2]
    T = datetime.date.fromisoformat(as_of).toordinal()

    with open(os.path.join(root, "notebook.yaml"), encoding="utf-8") as f:
        nb = yaml.load(f, Loader=LOADER) or {}
    tier_cadence = {"key": (14, "d"), "regular": (30, "d"), "occasional": (90, "d")}
    for k, v in (nb.get("cadence") or {}).items():
        tier_cadence[k] = duration(v)
    tag_cadence = {k: duration(v) for k, v in (nb.get("tag-cadence") or {}).items()}
    due_soon = duration(nb.get("due-soon", "3d"))
    gratitude = duration(nb.get("gratitude", "90d"))
    repair = duration(nb.get("repair-checkin", "7d"))
    zone = Zone(nb.get("timezone") or os.environ.get("TZ"))

    clients = {}
    for path, data, body in docs(os.path.join(root, "clients")):
        cid = os.path.basename(path)[:-3]
        clients[cid] = {"id": cid, "data": data, "promises": promises(body), "entries": []}

    for path, data, body in docs(os.path.join(root, "journal")):
        day, instant = zone.day_of(data["date"])
        if day > T:
            continue
        ids = data["clients"] if "clients" in data else [data["client"]]
        entry = {
            "key": (instant, os.path.relpath(path, root).encode()),
            "day": day,
            "kind": data["kind"],
            "trust": data.get("trust"),
            "satisfaction": data.get("satisfaction"),
            "promises": promises(body),
        }
        for cid in dict.fromkeys(ids):
            c = clients.get(cid)
            if c is not None:
                c["entries"].append(entry)

    out = []
    for c in clients.values():
        d = c["data"]
        if d.get("status", "active") not in ("active", "prospect"):
            continue
        entries = sorted(c["entries"], key=lambda e: e["key"])
        since = day_value(d["since"]) if d.get("since") is not None else None

        # 1. last contact
        L = None
        for e in reversed(entries):
            if e["kind"] != "note":
                L = e["day"]
                break
        if L is None:
            L = since

        # current trust
        trust = d.get("trust", "healthy")
        for e in reversed(entries):
            if e["trust"] is not None:
                trust = e["trust"]
                break

        # 2. cadence
        base = L if L is not None else T
        if d.get("cadence") is not None:
            C = duration(d["cadence"])
        else:
            C = None
            for tag in d.get("tags") or []:
                tc = tag_cadence.get(str(tag))
                if tc and (C is None or date_add(base, tc) < date_add(base, C)):
                    C = tc
            if C is None:
                C = tier_cadence[d.get("tier", "regular")]
        if trust in ("strained", "repairing") and date_add(base, repair) < date_add(base, C):
            C = repair

        # 3. state
        snooze = day_value(d["snooze"]) if d.get("snooze") is not None else None
        if L is None:
            state, N, overdue = "never", None, 0
        else:
            N = date_add(L, C)
            overdue = T - N
            if T < date_add(N, due_soon, -1):
                state = "ok"
            elif T <= N:
                state = "due"
            elif T < date_add(L, C, 2):
                state = "overdue"
            else:
                state = "stale"
            if state in ("due", "overdue", "stale") and snooze is not None and snooze > T:
                state = "snoozed"

        # 4. flags
        flags = []
        open_due = [due for (is_open, due) in c["promises"] if is_open and due is not None and due < T]
        for e in entries:
            open_due += [due for (is_open, due) in e["promises"]
                         if is_open and due is not None and due < T]
        if open_due:
            flags.append("promise-overdue")
        if trust != "healthy":
            flags.append("trust:" + trust)
        start = since if since is not None else (entries[0]["day"] if entries else None)
        window = date_add(T, gratitude, -1)
        if start is not None and start <= window:
            if not any(e["kind"] == "thanks" and e["day"] > window for e in entries):
                flags.append("thanks-missing")
        fit = d.get("fit", "good")
        if fit != "good":
            flags.append("fit:" + fit)
        scores = [e["satisfaction"] for e in entries if e["satisfaction"] is not None]
        if scores and (scores[-1] <= 2 or (len(scores) > 1 and scores[-2] - scores[-1] >= 2)):
            flags.append("satisfaction-low")

        # the urgency of the most urgent reason (notebook(1), Order)
        rank = min([STATE_URGENCY[state]] + [FLAG_URGENCY[f.split(":")[0]] for f in flags])
        oldest = min(open_due) if rank == FLAG_URGENCY["promise-overdue"] else 0
        out.append({
            "sort": (rank, oldest, -overdue, -len(flags), str(d["name"]).encode(), c["id"].encode()),
            "id": c["id"],
            "state": state,
            "last_contact": iso(L) if L is not None else None,
            "next_due": iso(N) if N is not None else None,
            "flags": flags,
        })

    out.sort(key=lambda a: a["sort"])
    for a in out:
        del a["sort"]
    json.dump({"as_of": as_of, "clients": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
