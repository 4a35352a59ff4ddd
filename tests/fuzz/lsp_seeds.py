"""Writes seed inputs for fuzz_lsp into the folder given: framed sessions of
the messages an editor sends, over the notebook root fuzz_lsp names."""
import json
import sys

ROOT = "file:///nonexistent-notebook"
CLIENT = ROOT + "/clients/acme-corp.md"
ENTRY = ROOT + "/journal/2026/11/2026-11-20-acme-corp-call.md"


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def note(method, params):
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


def req(i, method, params):
    return frame({"jsonrpc": "2.0", "id": i, "method": method, "params": params})


def pos(uri, l, c):
    return {"textDocument": {"uri": uri}, "position": {"line": l, "character": c}}


def rng(l0, c0, l1, c1):
    return {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}


client = "---\nname: Acme Café 😀\ncadance: 2w\ntier: kye\ncontacts:\n  - name: Zoë\n---\n- [ ] call due:2026-02-30\n"
entry = "---\ndate: 2026-11-20\nclient: acme-crop\nkind: \nwith: [ ]\n---\n- [ ] send due:\n"
sessions = {
    "open": note("initialized", {}) + note("textDocument/didOpen", {"textDocument": {
        "uri": CLIENT, "languageId": "markdown", "version": 1, "text": client}}),
    "edit": note("textDocument/didOpen", {"textDocument": {"uri": ENTRY, "version": 1, "text": entry}})
    + note("textDocument/didChange", {"textDocument": {"uri": ENTRY, "version": 2},
                                      "contentChanges": [{"range": rng(2, 8, 2, 17), "text": "acme-corp"},
                                                         {"range": rng(3, 6, 3, 6), "text": "call"}]})
    + note("textDocument/didChange", {"textDocument": {"uri": ENTRY, "version": 3},
                                      "contentChanges": [{"text": entry}]}),
    "ask": note("textDocument/didOpen", {"textDocument": {"uri": ENTRY, "version": 1, "text": entry}})
    + req(1, "textDocument/completion", pos(ENTRY, 3, 6))
    + req(2, "textDocument/completion", pos(ENTRY, 2, 8))
    + req(3, "textDocument/completion", pos(ENTRY, 4, 7))
    + req(4, "textDocument/completion", pos(ENTRY, 6, 14))
    + req(5, "textDocument/hover", pos(ENTRY, 2, 9))
    + req(6, "textDocument/definition", pos(ENTRY, 2, 9))
    + req(7, "textDocument/references", dict(pos(ENTRY, 2, 9), context={"includeDeclaration": True}))
    + req(8, "textDocument/codeAction", {"textDocument": {"uri": ENTRY}, "range": rng(2, 9, 2, 9),
                                         "context": {"diagnostics": []}}),
    "close": note("textDocument/didOpen", {"textDocument": {"uri": CLIENT, "version": 1, "text": client}})
    + note("textDocument/didSave", {"textDocument": {"uri": CLIENT}})
    + note("workspace/didChangeWatchedFiles", {"changes": [{"uri": CLIENT, "type": 2}]})
    + note("textDocument/didClose", {"textDocument": {"uri": CLIENT}})
    + req(9, "shutdown", None) + note("exit", None),
    "bad": b"Content-Length: 5\r\n\r\n{bad}" + b"Content-Length: 2\r\n\r\n[]"
    + b"Content-Type: x\r\n\r\n" + req(10, "no/method", {}),
}
for name, data in sessions.items():
    with open("%s/%s" % (sys.argv[1], name), "wb") as f:
        f.write(data)
