build-dev/cmd/cmd_done.o: src/cmd/cmd_done.c src/buf.h src/cmd/cmd.h \
 src/date.h src/fsutil.h src/buf.h src/load.h src/diag.h src/model.h \
 src/body.h src/date.h src/model.h src/text.h src/util.h src/resolve.h \
 src/writing.h src/cmd/cmd.h src/git/repo.h
src/buf.h:
src/cmd/cmd.h:
src/date.h:
src/fsutil.h:
src/buf.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/model.h:
src/text.h:
src/util.h:
src/resolve.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
