build-dev/cmd/cmd_init.o: src/cmd/cmd_init.c src/buf.h src/cmd/cmd.h \
 src/cmd/help.h src/fsutil.h src/buf.h src/load.h src/diag.h src/model.h \
 src/body.h src/date.h src/git/repo.h src/text.h src/util.h src/writing.h \
 src/cmd/cmd.h src/git/repo.h src/yaml.h src/arena.h src/node.h
src/buf.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/fsutil.h:
src/buf.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/git/repo.h:
src/text.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
src/node.h:
