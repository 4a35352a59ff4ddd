#!/bin/sh
# notebook lsp: the language server, driven by a small client of our own
# (tests/tools/lsp_driver.py) that frames JSON-RPC as the protocol says and
# fails on anything but protocol on stdout. Findings as `check` gives them
# for every check case, from unsaved text, with ranges in UTF-16 units;
# full and incremental sync; the cross-file rules kept up to date on save;
# the protocol's errors and its shutdown and exit; a document edited 10,000
# times.
. "$(dirname "$0")/lib.sh"

CASES=$TEST_DIRECTORY/check
export PYTHONPATH=$TEST_DIRECTORY/tools

setup_nb() {
	rm -rf "$1" &&
	cp -R "$CASES/base" "$1" &&
	mkdir -p "$1/journal/2026/11"
}

test_expect_success 'every check case: the same findings from the unsaved text, at the same places' '
	for case in $(cd "$CASES" && ls -d */ | tr -d /); do
		[ "$case" = base ] && continue
		rm -rf "nb-$case" && cp -R "$CASES/base" "nb-$case" && cp -R "$CASES/$case/." "nb-$case/" &&
		(cd "nb-$case" && "$NOTEBOOK_BIN" check --format json >../check.json 2>/dev/null;
		 test $? -le 1) &&
		python3 - "nb-$case" "$CASES/$case" <<-\EOF || { echo "case $case" >&2; return 1; }
		import json, os, sys
		from lsp_driver import *
		root, case = sys.argv[1], sys.argv[2]
		found = json.load(open("check.json"))
		s = Server(cwd=root)
		s.initialize(root)
		files = []
		for dirpath, dirs, names in os.walk(case):
		    for n in names:
		        rel = os.path.relpath(os.path.join(dirpath, n), case)
		        full = os.path.join(root, rel)
		        if os.path.islink(full) or not os.path.isfile(full):
		            continue
		        try:
		            text = open(full, "rb").read().decode("utf-8")
		        except UnicodeDecodeError:
		            continue  # an editor would not send these bytes as they are
		        if "\0" in text or "\r" in text:
		            continue
		        files.append((rel, text))
		for rel, text in sorted(files):
		    uri = s.open(os.path.join(root, rel), text)
		    got = []
		    for d in s.diagnostics(uri)["diagnostics"]:
		        st = d["range"]["start"]
		        got.append((st["line"] + 1, col_of(text, st["line"], st["character"]),
		                    "error" if d["severity"] == 1 else "warning", d["message"]))
		    want = []
		    for f in found:
		        if f["path"] != rel:
		            continue
		        line, col = f["line"], f["column"]
		        if line == 0:
		            line, col = 1, 1
		        elif col == 0:
		            l = text.split("\n")[line - 1]
		            col = len(l) - len(l.lstrip(" \t")) + 1
		        want.append((line, col, f["severity"], f["message"]))
		    assert sorted(got) == sorted(want), (rel, got, want)
		assert s.close()[0] == 0
		EOF
	done
'

test_expect_success 'ranges in UTF-16 units: accented letters and an emoji before the typo' '
	setup_nb nb &&
	python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	# é is one UTF-16 unit, 😀 two; the bad value starts after them
	text = "---\nname: Café 😀 Zoë\ntags: [é, 😀, kye]\ntier: \"kye\"\n---\n"
	u = s.open("nb/clients/cafe.md", text)
	d = s.diagnostics(u)["diagnostics"]
	assert len(d) == 1, d
	assert d[0]["range"] == rng(3, 6, 3, 11), d
	# one more emoji before the value in a flow list: the range moves by two units
	text2 = "---\nname: 😀\ntier: key\ncadence: 😀\n---\n"
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
	                                    "contentChanges": [{"text": text2}]})
	d = s.diagnostics(u)
	assert d["version"] == 2
	d = d["diagnostics"]
	assert len(d) == 1 and d[0]["range"] == rng(3, 9, 3, 11), d
	assert s.close()[0] == 0
	EOF
'

test_expect_success 'incremental sync: edits by range, across lines, after an emoji' '
	setup_nb nb &&
	python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	text = "---\nname: 😀 Acme\ntier: key\n---\nbody\n"
	u = s.open("nb/clients/acme2.md", text)
	assert s.diagnostics(u)["diagnostics"] == []
	def change(v, r, t):
	    s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": v},
	                                        "contentChanges": [{"range": r, "text": t}]})
	    return s.diagnostics(u)["diagnostics"]
	# "key" -> "kye": replace characters 7..9 of line 2
	d = change(2, rng(2, 7, 2, 9), "ye")
	assert len(d) == 1 and d[0]["range"] == rng(2, 6, 2, 9) and "did you mean" in d[0]["message"], d
	# a typo in a new key after the emoji on line 1: insert a line
	d = change(3, rng(2, 0, 2, 0), "cadance: 2w\n")
	assert [x["range"] for x in d] == [rng(2, 0, 2, 7), rng(3, 6, 3, 9)], d
	# delete across lines: the new line and the bad tier go
	d = change(4, rng(2, 0, 4, 0), "")
	assert d == [], d
	# several changes in one message apply in order; a character past the line end means its end
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 5},
	    "contentChanges": [{"range": rng(1, 6, 1, 99), "text": "Acme"},
	                       {"range": rng(1, 10, 1, 10), "text": "\nstatus: actve"}]})
	d = s.diagnostics(u)["diagnostics"]
	assert len(d) == 1 and d[0]["range"] == rng(2, 8, 2, 13), d
	assert s.close()[0] == 0
	EOF
'

test_expect_success 'cross-file: an unknown client and a duplicate id, re-checked when a file is saved' '
	setup_nb nb &&
	python3 - <<-\EOF
	import os
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	e = "---\ndate: 2026-11-20\nclients: [acme-corp, initech]\nkind: call\n---\nhi\n"
	eu = s.open("nb/journal/2026/11/2026-11-20-acme-corp-call.md", e)
	d = s.diagnostics(eu)["diagnostics"]
	assert [(x["range"], x["message"]) for x in d] == [
	    (rng(2, 21, 2, 28), "no client \x27initech\x27: there is no clients/initech.md")], d
	# the client file is written (by another program) and the editor saves it
	os.makedirs("nb/clients/more", exist_ok=True)
	open("nb/clients/initech.md", "w").write("---\nname: Initech\n---\n")
	cu = s.open("nb/clients/initech.md", "---\nname: Initech\n---\n")
	assert s.diagnostics(cu)["diagnostics"] == []
	s.notify("textDocument/didSave", {"textDocument": {"uri": cu}})
	assert s.diagnostics(eu)["diagnostics"] == []
	assert s.diagnostics(cu)["diagnostics"] == []
	# a second file with the same id, in a subfolder: both are duplicates now
	open("nb/clients/more/initech.md", "w").write("---\nname: Initech again\n---\n")
	s.notify("workspace/didChangeWatchedFiles", {"changes": [
	    {"uri": uri_of("nb/clients/more/initech.md"), "type": 1}]})
	d = s.diagnostics(eu)["diagnostics"]
	assert d == [], d
	d = s.diagnostics(cu)["diagnostics"]
	assert [x["message"] for x in d] == [
	    "duplicate client id \x27initech\x27: another file under clients/ has the same name"], d
	assert d[0]["range"] == rng(0, 0, 0, 3), d
	# a client that can watch files is asked to, once initialized; its answer needs none
	w = Server(cwd="nb")
	r = w.request("initialize", {"processId": None, "rootUri": uri_of("nb"), "capabilities": {
	    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}})
	w.notify("initialized", {})
	reg = w.take(lambda m: m.get("method") == "client/registerCapability")
	regs = reg["params"]["registrations"]
	assert regs[0]["method"] == "workspace/didChangeWatchedFiles", reg
	globs = [x["globPattern"] for x in regs[0]["registerOptions"]["watchers"]]
	assert globs == ["**/clients/**/*.md", "**/notebook.yaml", "**/schema/*.schema.yaml"], globs
	w.send({"jsonrpc": "2.0", "id": reg["id"], "result": None})
	assert w.close()[0] == 0 and not [m for m in w.pending if "error" in m], w.pending
	# closing a document clears its findings
	s.notify("textDocument/didClose", {"textDocument": {"uri": cu}})
	assert s.diagnostics(cu)["diagnostics"] == []
	assert s.close()[0] == 0
	EOF
'

test_expect_success 'the protocol: errors for what is not a request, never a crash' '
	setup_nb nb &&
	python3 - <<-\EOF
	import json
	from lsp_driver import *
	s = Server(cwd="nb")
	def err(m):
	    assert "error" in m and "result" not in m, m
	    return m["error"]["code"]
	# before initialize: a request is refused, a notification dropped
	s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {}})
	assert err(s.request("textDocument/hover", {})) == -32002
	s.initialize("nb")
	assert err(s.request("initialize", {"capabilities": {}})) == -32600
	# not JSON, not an object, a batch, no method, a bad id
	for body, code in [(b"{not json", -32700), (b"[1, 2]", -32600), (b"42", -32600),
	                   (b"{\"jsonrpc\": \"2.0\", \"id\": 7}", -32600),
	                   (b"{\"jsonrpc\": \"2.0\", \"id\": [1], \"method\": \"x\"}", -32600),
	                   (b"{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": 5}", -32600),
	                   (b"", -32700), (b"\xff\xfe", -32700)]:
	    s.write(frame(body))
	    m = s.take(lambda m: "error" in m)
	    assert m["error"]["code"] == code, (body, m)
	# an unknown method; an unknown notification is ignored
	assert err(s.request("textDocument/rename", {})) == -32601
	s.notify("no/such/notification", {})
	# bad params
	assert err(s.request("textDocument/hover", [1])) == -32602
	assert err(s.request("textDocument/hover", {"textDocument": {}})) == -32602
	assert err(s.request("textDocument/completion", {"textDocument": {"uri": 1}, "position": {}})) == -32602
	assert err(s.request("textDocument/codeAction", {"textDocument": {"uri": "x"}})) == -32602
	# a header without Content-Length, then blank lines: skipped, the next message still answered
	s.write(b"Content-Type: x\r\n\r\n\r\n")
	assert s.request("textDocument/hover", {"textDocument": {"uri": "file:///none"},
	                                        "position": pos(0, 0)})["result"] is None
	# a string id is echoed; a document not open gets empty results
	s.send({"jsonrpc": "2.0", "id": "abc", "method": "textDocument/definition",
	        "params": {"textDocument": {"uri": "file:///x"}, "position": pos(0, 0)}})
	assert s.response("abc")["result"] is None
	# shutdown: then requests are refused, exit ends with 0
	assert s.request("shutdown")["result"] is None
	assert err(s.request("textDocument/hover", {})) == -32600
	s.notify("exit")
	assert s.p.wait(timeout=60) == 0
	assert s.read() is None
	EOF
'

test_expect_success 'exit without shutdown is status 1; so is the end of input' '
	setup_nb nb &&
	python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	s.notify("exit")
	assert s.p.wait(timeout=60) == 1
	s = Server(cwd="nb")
	s.initialize("nb")
	s.p.stdin.close()
	assert s.p.wait(timeout=60) == 1
	# the editor goes away without a word: the next write fails, the server ends
	s = Server(cwd="nb")
	s.initialize("nb")
	s.p.stdout.close()
	s.send({"jsonrpc": "2.0", "id": 5, "method": "shutdown"})
	assert s.p.wait(timeout=60) == 1
	EOF
'

test_expect_success 'a write that fails: the server stops answering and exits 1' '
	setup_nb nb &&
	python3 - >in.bin <<-\EOF &&
	import sys
	from lsp_driver import *
	out = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
	             "params": {"rootUri": uri_of("nb"), "capabilities": {}}})
	out += frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
	out += frame({"jsonrpc": "2.0", "method": "exit"})
	sys.stdout.buffer.write(out)
	EOF
	test_status 0 "$NOTEBOOK_BIN" lsp <in.bin >out &&
	test -s out &&
	test_status 1 strace -f -o /dev/null -e inject=write:error=EIO:when=1 \
		"$NOTEBOOK_BIN" lsp <in.bin >out &&
	test_must_be_empty out
'

test_expect_success 'huge and hostile documents: the file limits, and the server goes on' '
	setup_nb nb &&
	timeout 600 python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	big = "---\nname: Big\n---\n" + "x" * (5 << 20) + "\n"
	u = s.open("nb/clients/big.md", big)
	d = s.diagnostics(u)["diagnostics"]
	assert len(d) == 1 and "4 MiB" in d[0]["message"], d
	# a document over the server limit is not kept; said in a log message
	u2 = s.open("nb/clients/bigger.md", "x" * (17 << 20))
	d = s.diagnostics(u2)["diagnostics"]
	assert [x["message"] for x in d] == ["file is larger than 4 MiB (17825792 bytes); "
	                                     "notebook files are small text files"], d
	m = s.take(lambda m: m.get("method") == "window/logMessage")
	assert "over the" in m["params"]["message"], m
	# deep nesting, NUL bytes, an edit far outside the text
	u3 = s.open("nb/clients/deep.md", "---\nname: " + "[" * 5000 + "\n---\n")
	assert s.diagnostics(u3)["diagnostics"]
	u4 = s.open("nb/clients/nul.md", "---\nname: a\0b\n---\n")
	assert "NUL" in s.diagnostics(u4)["diagnostics"][0]["message"]
	s.notify("textDocument/didChange", {"textDocument": {"uri": u4, "version": 2},
	    "contentChanges": [{"range": rng(10**12, 10**12, -5, -1), "text": "y"}]})
	s.diagnostics(u4)
	# many lines and many findings; requests far past the end of the text
	keys = "".join("k%d: 1\n" % i for i in range(30000))
	u5 = s.open("nb/clients/keys.md", "---\nname: K\n" + keys + "---\n")
	d = s.diagnostics(u5)["diagnostics"]
	assert len(d) == 30000 and d[-1]["range"] == rng(30001, 0, 30001, 6), d[-1]
	ids = "".join("  - c%d\n" % i for i in range(30000))
	u6 = s.open("nb/journal/2026/11/2026-11-20-c0-call.md",
	            "---\ndate: 2026-11-20\nclients:\n" + ids + "kind: call\n---\n")
	s.diagnostics(u6)
	for m in ("completion", "hover", "definition", "references"):
	    for p in (pos(10**15, 10**15), pos(29999, 5), pos(-1, -1)):
	        r = s.request("textDocument/" + m, {"textDocument": {"uri": u6}, "position": p,
	                                            "context": {"includeDeclaration": True}})
	        assert "result" in r or r["error"]["code"] == -32602, r
	acts = s.request("textDocument/codeAction", {"textDocument": {"uri": u5},
	    "range": rng(0, 0, 10**9, 0), "context": {}})["result"]
	assert acts == [], acts
	# a message over 64 MiB is dropped whole, and the next one answered
	s.write(b"Content-Length: 70000000\r\n\r\n" + b" " * 70000000)
	assert s.request("shutdown")["result"] is None
	s.notify("exit")
	assert s.p.wait(timeout=60) == 0
	EOF
'

test_expect_success 'completion, hover, definition, references and a quick fix' '
	rm -rf nb && cp -R "$SRC_ROOT/examples/consultancy" nb &&
	python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	text = ("---\ndate: 2026-11-20\nclient: harow-vale\nkind: \nwith: [ ]\n---\n"
	        "- [ ] send the plan due:\n")
	u = s.open("nb/journal/2026/11/2026-11-20-harrow-vale-note.md", text)
	d = s.diagnostics(u)["diagnostics"]
	def complete(line, ch):
	    return s.request("textDocument/completion", {"textDocument": {"uri": u},
	                     "position": pos(line, ch)})["result"]["items"]
	# kind: the enum values, with the key description
	items = complete(3, 6)
	assert [i["label"] for i in items] == ["call", "meeting", "email", "message", "thanks",
	    "apology", "check-in", "feedback", "note"], items
	assert "kind of entry" in items[0]["documentation"]["value"]
	# client: every client, the name as the label and the id as the text
	items = complete(2, 8)
	hv = [i for i in items if i["textEdit"]["newText"] == "harrow-vale"]
	assert hv and hv[0]["label"] == "Harrow & Vale Logistics", items
	assert hv[0]["textEdit"]["range"] == rng(2, 8, 2, 8)
	# keys on an empty line: those not written yet, with their descriptions
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
	    "contentChanges": [{"range": rng(5, 0, 5, 0), "text": "sa\n"}]})
	s.diagnostics(u)
	items = complete(5, 2)
	labels = [i["label"] for i in items]
	assert "satisfaction" in labels and "kind" not in labels and "date" not in labels, labels
	sat = [i for i in items if i["label"] == "satisfaction"][0]
	assert sat["textEdit"] == {"range": rng(5, 0, 5, 2), "newText": "satisfaction: "}, sat
	assert "1 (very unhappy)" in sat["documentation"]["value"]
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 3},
	    "contentChanges": [{"range": rng(5, 0, 6, 0), "text": ""}]})
	s.diagnostics(u)
	# with: the people of the client named (fixed: the typo stays, so none) ...
	assert complete(4, 7) == []
	# due: dates from today (NOTEBOOK_NOW)
	items = complete(6, 24)
	assert items[0]["label"] == "2026-11-20" and items[1]["label"] == "2026-11-21", items
	assert items[0]["detail"] == "today, Friday", items[0]
	# a kind and no empty due: the typo in the client is found now, and has a quick fix
	text = "---\ndate: 2026-11-20\nclient: harow-vale\nkind: note\nwith: [ ]\n---\nhi\n"
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 4},
	    "contentChanges": [{"text": text}]})
	d = s.diagnostics(u)["diagnostics"]
	assert [x["message"] for x in d][1:] == ["no client \x27harow-vale\x27 (did you mean \x27harrow-vale\x27?)"], d
	acts = s.request("textDocument/codeAction", {"textDocument": {"uri": u},
	    "range": rng(2, 10, 2, 10), "context": {"diagnostics": []}})["result"]
	assert len(acts) == 1 and acts[0]["title"] == "change \x27harow-vale\x27 to \x27harrow-vale\x27", acts
	edit = acts[0]["edit"]["changes"][u]
	assert edit == [{"range": rng(2, 8, 2, 18), "newText": "harrow-vale"}], edit
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 5},
	    "contentChanges": [{"range": edit[0]["range"], "text": edit[0]["newText"]}]})
	assert s.diagnostics(u)["diagnostics"] == []
	items = complete(4, 7)
	assert [i["label"] for i in items] == ["Helen Okafor", "Martin Lyle"], items
	# hover: the client status with its reasons; a key: its description
	h = s.request("textDocument/hover", {"textDocument": {"uri": u}, "position": pos(2, 12)})["result"]
	assert h["range"] == rng(2, 8, 2, 19), h
	v = h["contents"]["value"]
	assert v.startswith("**Harrow & Vale Logistics** (`harrow-vale`): ok on 2026-11-20"), v
	assert "- last check-in 3 days ago" in v, v
	h = s.request("textDocument/hover", {"textDocument": {"uri": u}, "position": pos(3, 1)})["result"]
	assert h["contents"]["value"].startswith("**kind**: What kind of entry"), h
	# definition: the client file; references: its entries
	r = s.request("textDocument/definition", {"textDocument": {"uri": u}, "position": pos(2, 9)})["result"]
	assert r == [{"uri": uri_of("nb/clients/harrow-vale.md"), "range": rng(0, 0, 0, 0)}], r
	cu = s.open("nb/clients/harrow-vale.md", open("nb/clients/harrow-vale.md").read())
	r = s.request("textDocument/references", {"textDocument": {"uri": cu}, "position": pos(1, 1),
	              "context": {"includeDeclaration": True}})["result"]
	assert r[0]["uri"] == uri_of("nb/clients/harrow-vale.md") and len(r) == 15, r
	assert r[1] == {"uri": uri_of("nb/journal/2024/11/2024-11-04-harrow-vale-meeting.md"),
	                "range": rng(1, 8, 1, 19)}, r[1]
	assert s.close()[0] == 0
	EOF
'

# Under AddressSanitizer freed memory waits in a quarantine that grows the
# RSS by itself: none for this test, where memory that is not freed counts.
test_expect_success 'custom fields from schema/; notebook.yaml; a broken schema said on every file' '
	setup_nb nb &&
	mkdir nb/schema &&
	cat >nb/schema/client.schema.yaml <<-\EOF &&
	properties:
	  sector:
	    description: The line of business of the client.
	    enum: [retail, finance, public]
	EOF
	python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	u = s.open("nb/clients/x.md", "---\nname: X\nsector: retal\nse\n---\n")
	s.diagnostics(u)
	items = s.request("textDocument/completion", {"textDocument": {"uri": u},
	                  "position": pos(3, 2)})["result"]["items"]
	labels = [i["label"] for i in items]
	assert "status" in labels and "name" not in labels and "sector" not in labels, labels
	s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
	    "contentChanges": [{"text": "---\nname: X\nsector: retal\n\n---\n"}]})
	d = s.diagnostics(u)["diagnostics"]
	assert [x["message"] for x in d] == ["\x27sector\x27 must be one of retail, finance, public, "
	    "not \x27retal\x27 (did you mean \x27retail\x27?)"], d
	items = s.request("textDocument/completion", {"textDocument": {"uri": u},
	                  "position": pos(3, 0)})["result"]["items"]
	sec = [i for i in items if i["label"] == "sector"]
	assert not sec, items
	items = s.request("textDocument/completion", {"textDocument": {"uri": u},
	                  "position": pos(2, 8)})["result"]["items"]
	assert [i["label"] for i in items] == ["retail", "finance", "public"], items
	h = s.request("textDocument/hover", {"textDocument": {"uri": u}, "position": pos(2, 1)})["result"]
	assert h["contents"]["value"].startswith("**sector**: The line of business of the client."), h
	# notebook.yaml: its findings (a key without its colon) and its keys
	nu = s.open("nb/notebook.yaml", "cadence:\n  key: 2x\ntimezone: Europe/Lodnon\ndue-son: 3d\n")
	d = s.diagnostics(nu)["diagnostics"]
	assert [x["range"] for x in d] == [rng(1, 7, 1, 9), rng(2, 10, 2, 23), rng(3, 0, 3, 7)], d
	s.notify("textDocument/didChange", {"textDocument": {"uri": nu, "version": 2},
	    "contentChanges": [{"range": rng(3, 0, 4, 0), "text": ""}]})
	s.diagnostics(nu)
	items = s.request("textDocument/completion", {"textDocument": {"uri": nu},
	                  "position": pos(3, 0)})["result"]["items"]
	assert "due-soon" in [i["label"] for i in items], items
	# a schema being typed: its findings from the unsaved text, the other files unchanged
	su = s.open("nb/schema/client.schema.yaml", "properties:\n  sector:\n    tpye: string\n")
	d = s.diagnostics(su)["diagnostics"]
	assert [(x["range"], x["severity"]) for x in d] == [(rng(2, 4, 2, 8), 2)], d
	assert "did you mean \x27type\x27" in d[0]["message"], d
	acts = s.request("textDocument/codeAction", {"textDocument": {"uri": su},
	    "range": rng(2, 5, 2, 5), "context": {"diagnostics": []}})["result"]
	assert acts[0]["edit"]["changes"][su][0]["newText"] == "type", acts
	s.notify("textDocument/didChange", {"textDocument": {"uri": su, "version": 2},
	    "contentChanges": [{"text": "properties: [\n"}]})
	d = s.diagnostics(su)["diagnostics"]
	assert len(d) == 1 and d[0]["severity"] == 1 and d[0]["range"]["start"]["line"] == 1, d
	# the schema breaks on disk: its file gets the finding, every other file a warning
	open("nb/schema/client.schema.yaml", "w").write("properties: [\n")
	s.notify("textDocument/didSave", {"textDocument": {"uri": su}})
	d = s.diagnostics(u)["diagnostics"]
	assert len(d) == 1 and d[0]["message"].startswith("not checked: the notebook\x27s schemas have errors, "
	    "first schema/client.schema.yaml:2:1: "), d
	s.diagnostics(nu)
	d = s.diagnostics(su)["diagnostics"]
	assert len(d) == 1 and d[0]["severity"] == 1 and d[0]["range"]["start"]["line"] == 1, d
	assert s.close()[0] == 0
	EOF
'

test_expect_success 'memory stays flat over 10,000 edits of one document' '
	setup_nb nb &&
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0 \
	python3 - <<-\EOF
	from lsp_driver import *
	s = Server(cwd="nb")
	s.initialize("nb")
	text = "---\nname: Acme\ntier: key\n---\n" + "A line of notes.\n" * 150
	u = s.open("nb/clients/acme-corp.md", text)
	s.diagnostics(u)
	def rss():
	    for line in open("/proc/%d/status" % s.p.pid):
	        if line.startswith("VmRSS:"):
	            return int(line.split()[1])
	for v in range(2, 10002):
	    # type a letter into the tier, then take it out again: a finding comes and goes
	    if v % 2:
	        ch = {"range": rng(2, 9, 2, 10), "text": ""}
	    else:
	        ch = {"range": rng(2, 9, 2, 9), "text": "y"}
	    s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": v},
	                                        "contentChanges": [ch]})
	    d = s.diagnostics(u)
	    assert d["version"] == v and len(d["diagnostics"]) == v % 2 ^ 1, d
	    if v == 1000:
	        early = rss()
	late = rss()
	print("RSS after 1,000 edits: %d KiB, after 10,000: %d KiB" % (early, late))
	assert late - early < 2048, (early, late)
	assert s.close()[0] == 0
	EOF
'

test_expect_success 'lsp --help, and what is not an option' '
	notebook lsp --help >out &&
	grep "^usage: notebook lsp" out &&
	test_must_fail --status=2 notebook lsp --stdoi 2>err &&
	grep "stdio" err &&
	test_must_fail --status=3 notebook -C nowhere lsp 2>err
'

test_done
