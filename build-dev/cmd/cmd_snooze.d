build-dev/cmd/cmd_snooze.o: src/cmd/cmd_snooze.c src/buf.h src/cmd/cmd.h \
 src/date.h src/frontmatter.h src/fsutil.h src/buf.h src/load.h \
 src/diag.h src/model.h src/body.h src/date.h src/node.h src/text.h \
 src/util.h src/resolve.h src/writing.h src/cmd/cmd.h src/git/repo.h \
 src/yaml.h src/arena.h src/node.h
src/buf.h:
src/cmd/cmd.h:
src/date.h:
src/frontmatter.h:
src/fsutil.h:
src/buf.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/node.h:
src/text.h:
src/util.h:
src/resolve.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
src/node.h:
