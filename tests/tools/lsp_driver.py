"""A small Language Server Protocol client for the tests of `notebook lsp`:
it frames JSON-RPC messages with Content-Length headers, starts the real
binary, and reads back every message the server writes, checking that
stdout holds nothing but framed JSON."""
import json
import os
import subprocess
import sys


def frame(obj):
    body = json.dumps(obj).encode() if not isinstance(obj, bytes) else obj
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, *args, cwd=None, env=None):
        cmd = [os.environ["NOTEBOOK_BIN"], *args, "lsp"]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.next_id = 0
        self.pending = []  # messages read but not yet taken

    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        self.write(frame(obj))

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.response(self.next_id)

    def read(self):
        """One message from stdout; None at its end. Anything but a framed
        JSON message is a failure."""
        headers = b""
        while not headers.endswith(b"\r\n\r\n"):
            c = self.p.stdout.read(1)
            if not c:
                assert headers == b"", "stdout ended inside a header: %r" % headers
                return None
            headers += c
        lines = headers.decode("ascii").split("\r\n")
        assert lines[0].startswith("Content-Length: "), "not a header: %r" % headers
        n = int(lines[0][len("Content-Length: "):])
        body = self.p.stdout.read(n)
        assert len(body) == n
        msg = json.loads(body)
        assert msg.get("jsonrpc") == "2.0", msg
        return msg

    def take(self, pred):
        """The first message (read already or next) for which pred holds."""
        for i, m in enumerate(self.pending):
            if pred(m):
                return self.pending.pop(i)
        while True:
            m = self.read()
            assert m is not None, "the server's output ended"
            if pred(m):
                return m
            self.pending.append(m)

    def response(self, id):
        return self.take(lambda m: m.get("id") == id and "method" not in m)

    def diagnostics(self, uri):
        return self.take(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri)["params"]

    def initialize(self, root):
        r = self.request("initialize", {"processId": None, "rootUri": uri_of(root),
                                        "capabilities": {}})
        assert "capabilities" in r["result"], r
        self.notify("initialized", {})
        return r["result"]

    def open(self, path, text, version=1):
        uri = uri_of(path)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": version, "text": text}})
        return uri

    def close(self):
        """shutdown and exit; returns the exit status and what stderr held."""
        r = self.request("shutdown")
        assert r["result"] is None, r
        self.notify("exit")
        self.p.stdin.close()
        rest = self.p.stdout.read()
        status = self.p.wait(timeout=60)
        err = self.p.stderr.read().decode()
        assert rest == b"" or rest.startswith(b"Content-Length"), rest
        return status, err


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def pos(line, character):
    return {"line": line, "character": character}


def rng(l0, c0, l1, c1):
    return {"start": pos(l0, c0), "end": pos(l1, c1)}


def col_of(text, line, character):
    """The 1-based column in code points (as `check` counts them) of an LSP
    position in UTF-16 units; a leading byte order mark is not counted."""
    l = text.split("\n")[line] if line < len(text.split("\n")) else ""
    if line == 0 and l.startswith("\ufeff"):
        l = l[1:]
        character -= 1
    units = 0
    for i, c in enumerate(l):
        if units >= character:
            return i + 1
        units += 2 if ord(c) > 0xffff else 1
    return len(l) + 1
