build-dev/cmd/cmd_rename.o: src/cmd/cmd_rename.c src/buf.h src/cmd/cmd.h \
 src/fmedit.h src/buf.h src/diag.h src/node.h src/fsutil.h src/load.h \
 src/model.h src/body.h src/date.h src/git/repo.h src/resolve.h \
 src/text.h src/util.h src/writing.h src/cmd/cmd.h src/git/repo.h \
 src/yaml.h src/arena.h
src/buf.h:
src/cmd/cmd.h:
src/fmedit.h:
src/buf.h:
src/diag.h:
src/node.h:
src/fsutil.h:
src/load.h:
src/model.h:
src/body.h:
src/date.h:
src/git/repo.h:
src/resolve.h:
src/text.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
