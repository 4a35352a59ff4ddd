build-dev/fmedit.o: src/fmedit.c src/fmedit.h src/buf.h src/diag.h \
 src/node.h src/util.h src/writing.h src/cmd/cmd.h src/date.h \
 src/git/repo.h src/load.h src/model.h src/body.h
src/fmedit.h:
src/buf.h:
src/diag.h:
src/node.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/date.h:
src/git/repo.h:
src/load.h:
src/model.h:
src/body.h:
