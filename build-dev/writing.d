build-dev/writing.o: src/writing.c src/writing.h src/buf.h src/cmd/cmd.h \
 src/date.h src/diag.h src/git/repo.h src/load.h src/model.h src/body.h \
 src/fsutil.h src/node.h src/text.h src/tz.h src/util.h src/yaml.h \
 src/arena.h
src/writing.h:
src/buf.h:
src/cmd/cmd.h:
src/date.h:
src/diag.h:
src/git/repo.h:
src/load.h:
src/model.h:
src/body.h:
src/fsutil.h:
src/node.h:
src/text.h:
src/tz.h:
src/util.h:
src/yaml.h:
src/arena.h:
