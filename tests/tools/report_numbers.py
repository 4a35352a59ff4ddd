#!/usr/bin/env python3
"""Checks the numbers of `notebook report`'s page against other sources.

usage: report_numbers.py REPORT.html STATUS.json EXPORT.json ROOT

REPORT.html is the page; STATUS.json `notebook status --json --all` and
EXPORT.json `notebook export --format json`, both as of the report's day;
ROOT the notebook (promise lines are read there for their done: days).
The page is read with Python's own HTML parser, independently of the
program: the summary line and the attention list, the client sections and
their median days between contacts, the heatmap's cells,
the states at the last month's end, the satisfaction points, the thanks
and the promises due in each month. Prints each mismatch and exits 1, or
prints "ok" and exits 0.
"""
import collections
import datetime
import html.parser
import json
import os
import re
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body = {}
        self.attention = []        # (id, state, [reasons])
        self.articles = []         # ids in order
        self.heat = collections.defaultdict(dict)   # id -> month index -> (n, missed)
        self.sat = collections.defaultdict(list)    # id -> [(day, score)]
        self.states = []           # per month: dict
        self.thanks = []           # per month: (month, n)
        self.promises = []         # per month: dict
        self.trust = collections.defaultdict(list)  # id -> [state]
        self.h3 = {}               # article id -> heading text
        self.gaps = {}             # article id -> median days between contacts
        self._article = None
        self._hrow = None
        self._cells = None         # the heatmap cells: (x of the first month, width)
        self._att = None
        self._reason = None
        self._in_h3 = False
        self.summary = None        # the summary line over the attention list
        self._in_summary = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "body":
            self.body = a
        elif tag == "p" and "data-attention" in a:
            self._in_summary = True
            self.summary = ""
        elif tag == "ol" and "att" in cls:
            self._att = []
        elif tag == "li" and self._att is not None and "data-id" in a:
            self.attention.append([a["data-id"], a["data-state"], []])
        elif tag == "li" and self._att is not None and self.attention:
            self._reason = ""
        elif tag == "article" and "client" in cls:
            self._article = a["id"][2:]
            self.articles.append(self._article)
        elif tag == "h3" and self._article:
            self._in_h3 = True
            self.h3[self._article] = ""
        elif tag == "g" and "hrow" in cls:
            self._hrow = a["data-id"]
        elif tag == "g" and "month" in cls and "data-stale" in a:
            self.states.append({k[5:]: int(v) for k, v in a.items() if k.startswith("data-") and k != "data-month"})
        elif tag == "g" and "month" in cls and "data-thanks" in a:
            self.thanks.append((a["data-month"], int(a["data-thanks"])))
        elif tag == "g" and "month" in cls and "data-due" in a:
            self.promises.append({k[5:]: (v if k == "data-month" else int(v)) for k, v in a.items()
                                  if k.startswith("data-")})
        elif tag == "g" and "trust" in cls and self._article:
            self.trust[self._article].append(a["data-trust"])
        elif tag == "dd" and "data-median-gap" in a and self._article:
            self.gaps[self._article] = int(a["data-median-gap"])
        elif tag == "use" and "sat" in cls and self._article:
            self.sat[self._article].append((a["data-day"], int(a["data-satisfaction"])))
        if tag == "svg" and "data-x0" in a:
            self._cells = (int(a["data-x0"]), int(a["data-w"]))
        if tag == "use" and self._hrow and a.get("href", "").startswith("#h"):
            # a cell is the shape it uses: #h0 to #h9 that many entries, #hx
            # a month missed, and more than nine written as data-n; its
            # month is where it stands
            x0, w = self._cells
            if (int(a["x"]) - x0) % w:
                raise SystemExit("heatmap cell at x=%s is not on a month" % a["x"])
            ref = a["href"]
            if "data-n" in a:
                n = int(a["data-n"])
            else:
                n = 0 if ref == "#hx" else int(ref[2:])
            self.heat[self._hrow][(int(a["x"]) - x0) // w] = (n, ref == "#hx")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "g":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "ol" and self._att is not None:
            self._att = None
        elif tag == "li" and self._reason is not None:
            self.attention[-1][2].append(self._reason)
            self._reason = None
        elif tag == "article":
            self._article = None
        elif tag == "h3":
            self._in_h3 = False
        elif tag == "p":
            self._in_summary = False
        elif tag == "g":
            self._hrow = None

    def handle_data(self, data):
        if self._in_summary:
            self.summary += data
        if self._reason is not None:
            self._reason += data
        if self._in_h3 and self._article:
            self.h3[self._article] += data


def months_back(as_of, n):
    y, m = as_of.year, as_of.month
    out = []
    for _ in range(n):
        out.append((y, m))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def main():
    page_path, status_path, export_path, root = sys.argv[1:5]
    p = Page()
    with open(page_path, encoding="utf-8") as f:
        p.feed(f.read())
    status = json.load(open(status_path))
    export = json.load(open(export_path))
    bad = []

    as_of = datetime.date.fromisoformat(status["as_of"])
    nmon = int(p.body["data-months"])
    months = months_back(as_of, nmon)
    mindex = {ym: k for k, ym in enumerate(months)}

    def month_of(day):
        d = datetime.date.fromisoformat(day)
        return mindex.get((d.year, d.month)) if d <= as_of else None

    if p.body.get("data-as-of") != status["as_of"]:
        bad.append("as of %s, status %s" % (p.body.get("data-as-of"), status["as_of"]))
    audited = [c["id"] for c in status["clients"]]
    # 1. the attention list: status's clients that need attention, in its order, with its reasons
    want = [(c["id"], c["state"], c["reasons"]) for c in status["clients"] if c["needs_attention"]]
    got = [(i, s, r) for i, s, r in p.attention]
    if [w[0] for w in want] != [g[0] for g in got]:
        bad.append("attention list %s, status %s" % ([g[0] for g in got], [w[0] for w in want]))
    for w, g in zip(want, got):
        if w[2] != g[2]:
            bad.append("reasons of %s: %r, status %r" % (w[0], g[2], w[2]))
    if p.summary != status["summary"]["text"]:
        bad.append("summary %r, status %r" % (p.summary, status["summary"]["text"]))
    # every audited client has its section, in the audit's order
    if p.articles != audited:
        bad.append("sections %s, status %s" % (p.articles, audited))
    for c in status["clients"]:
        name = c["name"] or c["id"]
        if not p.h3.get(c["id"], "").startswith(name):
            bad.append("heading of %s: %r, name %r" % (c["id"], p.h3.get(c["id"]), name))
    # 2. states at the last month's end: status's own counts
    if not p.states or p.states[-1] != status["summary"]["states"]:
        bad.append("states at the end %s, status %s" % (p.states[-1:], status["summary"]["states"]))
    if len(p.states) != nmon:
        bad.append("%d months of states, want %d" % (len(p.states), nmon))
    # 3. the heatmap: contact entries per client and month, from the export
    clients = {c["id"]: c for c in export["clients"]}
    state_now = {c["id"]: c["state"] for c in status["clients"]}
    for cid in audited:
        want_n = collections.Counter()
        for e in clients[cid]["entries"]:
            k = month_of(e["day"])
            if k is not None and e["kind"] != "note":
                want_n[k] += 1
        cells = p.heat.get(cid, {})
        for k in range(nmon):
            n = cells.get(k, (0, False))[0]
            if n != want_n[k]:
                bad.append("heatmap %s %04d-%02d: %d, entries %d" % ((cid,) + months[k] + (n, want_n[k])))
            if cells.get(k, (0, False))[1] and n:
                bad.append("heatmap %s month %d: missed with contact" % (cid, k))
        last = cells.get(nmon - 1)
        want_missed = want_n[nmon - 1] == 0 and state_now[cid] in ("overdue", "stale")
        if (last[1] if last else False) != want_missed:
            bad.append("heatmap %s: last month missed %s, state %s" % (cid, last, state_now[cid]))
        # 4. satisfaction points in the section
        want_sat = [(e["day"], e["satisfaction"]) for e in clients[cid]["entries"]
                    if e.get("satisfaction") and month_of(e["day"]) is not None]
        if sorted(p.sat.get(cid, [])) != sorted(want_sat):
            bad.append("satisfaction of %s: %s, entries %s" % (cid, p.sat.get(cid), want_sat))
    # 4b. median days between contacts: gaps between distinct contact days
    # that end in the window, the first from the contact before it
    start = datetime.date(months[0][0], months[0][1], 1)
    for cid in audited:
        days = sorted({datetime.date.fromisoformat(e["day"]) for e in clients[cid]["entries"]
                       if e["kind"] != "note" and datetime.date.fromisoformat(e["day"]) <= as_of})
        gaps = sorted((b - a).days for a, b in zip(days, days[1:]) if b >= start)
        if not gaps:
            want_gap = None
        elif len(gaps) % 2:
            want_gap = gaps[len(gaps) // 2]
        else:
            want_gap = (gaps[len(gaps) // 2 - 1] + gaps[len(gaps) // 2] + 1) // 2
        if p.gaps.get(cid) != want_gap:
            bad.append("median gap of %s: %s, entries %s" % (cid, p.gaps.get(cid), want_gap))
    # 5. thanks per month: each entry once
    seen, want_t = set(), collections.Counter()
    for cid in audited:
        for e in clients[cid]["entries"]:
            k = month_of(e["day"])
            if e["kind"] == "thanks" and k is not None and e["path"] not in seen:
                seen.add(e["path"])
                want_t[k] += 1
    got_t = [n for _, n in p.thanks]
    if got_t != [want_t[k] for k in range(nmon)]:
        bad.append("thanks %s, entries %s" % (got_t, [want_t[k] for k in range(nmon)]))
    # 6. promises due in each month: their outcome from the done: day on their line
    seen, want_p = set(), collections.defaultdict(collections.Counter)
    for cid in audited:
        c = clients[cid]
        ps = list(c["promises"])
        for e in c["entries"]:
            if datetime.date.fromisoformat(e["day"]) <= as_of:
                ps += e.get("promises", [])
        for pr in ps:
            key = (pr["file"], pr["line"])
            if key in seen or not pr.get("due"):
                continue
            seen.add(key)
            k = month_of(pr["due"])
            if k is None:
                continue
            with open(os.path.join(root, pr["file"]), encoding="utf-8") as f:
                line = f.read().split("\n")[pr["line"] - 1]
            m = re.search(r"\bdone:(\d{4}-\d\d-\d\d)", line)
            done = m.group(1) if m and m.group(1) <= status["as_of"] else None
            if pr["done"] and done:
                want_p[k]["ontime" if done <= pr["due"] else "late"] += 1
            elif pr["done"]:
                pass  # ticked without a day: not in the share
            elif pr["due"] < status["as_of"]:
                want_p[k]["overdue"] += 1
    for k, g in enumerate(p.promises):
        w = want_p[k]
        exp = {"ontime": w["ontime"], "late": w["late"], "overdue": w["overdue"],
               "due": w["ontime"] + w["late"] + w["overdue"]}
        got = {x: g[x] for x in exp}
        if got != exp:
            bad.append("promises due %s: %s, files %s" % (g["month"], got, exp))
    if len(p.promises) != nmon:
        bad.append("%d months of promises, want %d" % (len(p.promises), nmon))
    for b in bad:
        print(b)
    if bad:
        return 1
    print("ok: %d clients, %d months, %d needing attention" % (len(audited), nmon, len(p.attention)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
