#!/usr/bin/env python3
"""Finds printf-family calls in src/ that could print a name or a path raw.

Every message that prints text from a note, a file name, a remote or the
command line goes through the escaping printf (printf_escaped(),
fprintf_escaped(), or error(), warning(), die() and usage_error(), which
use it; src/text.h). A raw printf, fprintf, vfprintf, puts or fputs may
print only text that cannot hold such bytes: string literals, the colour
codes, fixed names of enum values, strerror(), numbers, and the few
expressions listed below with the reason they are safe. Anything else is
reported as file:line: the call, and the exit status is 1.

usage: raw_prints.py SRC_DIR
"""
import os
import re
import sys

CALLS = {"printf": 0, "fprintf": 1, "dprintf": 1, "vprintf": 0, "vfprintf": 1,
         "puts": None, "fputs": None}

# Functions whose result is fixed text (colour codes, enum names, libc's error strings).
SAFE_FUNCS = {"term_on", "term_off", "term_ellipsis", "strerror", "state_name",
              "status_name", "kind_name", "trust_name", "tier_name", "fit_name",
              "state_words", "item_name"}

# Expressions safe in one file only, and why.
EXEMPT = {
    ("term.c", "text"): "table cells are escaped by whoever adds them (term.h: table_add)",
    ("term.c", "l->start"): "a line of a table cell, escaped by whoever added it (term.h: table_add)",
    ("term.c", "s"): "term_print_wrapped() is given escaped text (term.h)",
    ("term.c", "lines.v[i].start"): "a line of the escaped text term_print_wrapped() is given (term.h)",
    ("cmd_status.c", "buf_str(&cell)"): "the cell is built with buf_add_escaped_str()",
    ("main.c", "commands[i].name"): "the command table's own literals",
    ("main.c", "commands[i].summary"): "the command table's own literals",
    ("cmd_show.c", "title"): "heading() is called with literals only",
    ("cmd_show.c", "label"): "field() is called with literal labels only",
    ("cmd_show.c", "blocks[level]"): "the sparkline's block glyphs",
    ("cmd_agenda.c", "d"): "a date formatted by date_format()",
    ("cmd_agenda.c", "e"): "a date formatted by date_format()",
    ("cmd_show.c", "d"): "a date formatted by date_format()",
    ("main.c", "usage"): "a command's usage text (a literal)",
    ("help.c", "usage"): "a command's usage text (a literal)",
    ("help.c", "help_note(command)"): "the table's own literals",
    ("main.c", "out"): "not text: the stream",
    ("cmd_commit.c", "msg"): "the commit message is built escaped (git log prints it raw)",
    ("util.c", "prefix"): "report() is called with \"warning: \" or NULL",
}

LITERAL = re.compile(r'^(\s*"(?:[^"\\]|\\.)*"\s*)+$', re.S)
CONV = re.compile(r'%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?(?:hh|h|ll|l|L|z|j|t)?([diouxXeEfFgGaAcspn%])')


def strip_comments(src):
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(src, start):
    """The top-level arguments of the call whose '(' is at start, and the end."""
    depth, i, args, cur = 0, start, [], []
    while i < len(src):
        c = src[i]
        if c in "\"'":
            j = i + 1
            while src[j] != c:
                j += 2 if src[j] == "\\" else 1
            cur.append(src[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i
        elif c == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args, i


def top_level_split(expr, sep):
    depth, i, quote = 0, 0, None
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            j = i + 1
            while expr[j] != c:
                j += 2 if expr[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0:
            return expr[:i], expr[i + 1:]
        i += 1
    return None


def literal_text(expr):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', expr))


def is_safe(expr, fname):
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")") and split_args(expr, 0)[1] == len(expr) - 1:
        expr = expr[1:-1].strip()
    if LITERAL.match(expr):
        return True
    q = top_level_split(expr, "?")
    if q:
        rest = top_level_split(q[1], ":")
        return bool(rest) and is_safe(rest[0], fname) and is_safe(rest[1], fname)
    m = re.match(r'^([A-Za-z_]\w*)\s*\(', expr)
    if m and m.group(1) in SAFE_FUNCS and split_args(expr, m.end() - 1)[1] == len(expr) - 1:
        return True
    if re.match(r'^\w*_usage$|^usage_text$|^NOTEBOOK_VERSION$', expr):
        return True
    return (fname, expr) in EXEMPT


def check_file(path, fname):
    src = strip_comments(open(path, encoding="utf-8").read())
    bad = []
    for m in re.finditer(r'(?<![\w.>])(printf|fprintf|dprintf|vprintf|vfprintf|puts|fputs)\s*\(', src):
        name = m.group(1)
        line = src.count("\n", 0, m.start()) + 1
        args, _ = split_args(src, m.end() - 1)
        call = "%s(%s)" % (name, ", ".join(args))
        if name in ("vprintf", "vfprintf"):
            bad.append((line, call, "a format from elsewhere: use vfprintf_escaped()"))
            continue
        if CALLS[name] is None:
            if not is_safe(args[0], fname):
                bad.append((line, call, "'%s' may hold untrusted text: use fputs_escaped()" % args[0]))
            continue
        fi = CALLS[name]
        fmt, rest = args[fi], args[fi + 1:]
        q = top_level_split(fmt, "?")
        if q:
            fmt = top_level_split(q[1], ":")[0]
        if not LITERAL.match(fmt):
            bad.append((line, call, "the format is not a literal"))
            continue
        k = 0
        for conv in CONV.finditer(literal_text(fmt)):
            width, prec, c = conv.groups()
            if c == "%":
                continue
            k += (width == "*") + (prec == "*")
            if k >= len(rest):
                break
            arg = rest[k]
            k += 1
            if c in "sc" and not is_safe(arg, fname):
                bad.append((line, call, "'%s' may hold untrusted text: use printf_escaped()" % arg))
    return bad


def main():
    src = sys.argv[1]
    found = 0
    names = []
    for folder, _, files in os.walk(src):
        names += [os.path.join(folder, f) for f in files]
    for path in sorted(names):
        fname = os.path.basename(path)
        # text.c is the escaping itself.
        if not fname.endswith(".c") or fname == "text.c":
            continue
        for line, call, why in check_file(path, fname):
            print("%s:%d: %s: %s" % (path, line, why, " ".join(call.split())))
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
