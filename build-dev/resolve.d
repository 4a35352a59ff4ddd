build-dev/resolve.o: src/resolve.c src/resolve.h src/buf.h src/cmd/cmd.h \
 src/diag.h src/load.h src/model.h src/body.h src/date.h src/term.h \
 src/text.h src/util.h src/writing.h src/git/repo.h src/load.h
src/resolve.h:
src/buf.h:
src/cmd/cmd.h:
src/diag.h:
src/load.h:
src/model.h:
src/body.h:
src/date.h:
src/term.h:
src/text.h:
src/util.h:
src/writing.h:
src/git/repo.h:
src/load.h:
