build-dev/cmd/cmd_new.o: src/cmd/cmd_new.c src/buf.h src/choice.h \
 src/cmd/cmd.h src/cmd/help.h src/date.h src/fold.h src/buf.h \
 src/fsutil.h src/load.h src/diag.h src/model.h src/body.h src/date.h \
 src/model.h src/util.h src/writing.h src/cmd/cmd.h src/git/repo.h \
 src/yaml.h src/arena.h src/node.h
src/buf.h:
src/choice.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/date.h:
src/fold.h:
src/buf.h:
src/fsutil.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/model.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
src/node.h:
