#!/usr/bin/env python3
# on_tty.py TRANSCRIPT PROMPT ANSWER ... -- COMMAND...: runs COMMAND on a
# new pseudo-terminal (its stdin, stdout, stderr and /dev/tty), answering
# each PROMPT, once it shows at the end of the output, with its ANSWER and
# a newline, in turn. What the terminal showed goes to TRANSCRIPT. Exits
# with the command's status, or 124 (the command killed) after 120 seconds.
import os, pty, select, sys, time
args = sys.argv[2:]
split = args.index("--")
pairs = list(zip(args[:split:2], args[1:split:2]))
pid, fd = pty.fork()
if pid == 0:
    os.execvp(args[split + 1], args[split + 1:])
seen = b""
deadline = time.time() + 120
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if pairs and pairs[0][0].encode() in seen.split(b"\n")[-1]:
        os.write(fd, pairs.pop(0)[1].encode() + b"\n")
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    open(sys.argv[1], "wb").write(seen)
    sys.exit(124)
open(sys.argv[1], "wb").write(seen)
_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128)
