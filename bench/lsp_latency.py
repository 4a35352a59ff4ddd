"""bench/lsp_latency.py BIN NOTEBOOK: how long `notebook lsp` takes from a
change to a 3 KiB client file to the findings for it (the README's
"Editors"), on the reference notebook. Opens the first client file grown
to 3 KiB, then changes one letter of its tier 200 times (a finding comes and
goes), timing each didChange to its publishDiagnostics. Prints
"lsp_median_ms=…" and "lsp_p95_ms=…" lines for meta.txt."""
import json
import os
import statistics
import subprocess
import sys
import time

bin_, root = sys.argv[1], sys.argv[2]
p = subprocess.Popen([bin_, "-C", root, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()


def read():
    n = 0
    while True:
        line = p.stdout.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            n = int(line.split(b":")[1])
    return json.loads(p.stdout.read(n))


def wait(pred):
    while True:
        m = read()
        if pred(m):
            return m


name = sorted(os.listdir(os.path.join(root, "clients")))[0]
path = os.path.join(root, "clients", name)
text = open(path).read()
lines = text.split("\n")
# the tier line, or one added after the opening ---
tier = next((i for i, l in enumerate(lines) if l.startswith("tier:")), None)
if tier is None:
    lines.insert(1, "tier: key")
    tier = 1
lines[tier] = "tier: key"
text = "\n".join(lines)
while len(text.encode()) < 3072:
    text += "A line of notes about the last meeting, kept to pad the file.\n"
uri = "file://" + os.path.abspath(path)
send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": "file://" + os.path.abspath(root), "capabilities": {}}})
wait(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
times = []
for v in range(2, 202):
    # "key" and "keyy" in turn: type a letter after it, then take it out
    if v % 2 == 0:
        change = {"range": {"start": {"line": tier, "character": 9}, "end": {"line": tier, "character": 9}},
                  "text": "y"}
    else:
        change = {"range": {"start": {"line": tier, "character": 9}, "end": {"line": tier, "character": 10}},
                  "text": ""}
    t0 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]}})
    wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["version"] == v)
    times.append(time.perf_counter() - t0)
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
wait(lambda m: m.get("id") == 2)
send({"jsonrpc": "2.0", "method": "exit"})
p.wait()
times.sort()
print("lsp_median_ms=%.2f" % (statistics.median(times) * 1000))
print("lsp_p95_ms=%.2f" % (times[int(len(times) * 0.95) - 1] * 1000))
