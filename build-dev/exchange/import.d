build-dev/exchange/import.o: src/exchange/import.c src/exchange/import.h \
 src/date.h src/diag.h src/model.h src/body.h src/date.h src/diag.h \
 src/buf.h src/cmd/cmd.h src/fmedit.h src/buf.h src/node.h src/fold.h \
 src/fsutil.h src/load.h src/model.h src/people.h src/git/repo.h \
 src/text.h src/util.h src/writing.h src/cmd/cmd.h src/git/repo.h \
 src/yaml.h src/arena.h
src/exchange/import.h:
src/date.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/diag.h:
src/buf.h:
src/cmd/cmd.h:
src/fmedit.h:
src/buf.h:
src/node.h:
src/fold.h:
src/fsutil.h:
src/load.h:
src/model.h:
src/people.h:
src/git/repo.h:
src/text.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
