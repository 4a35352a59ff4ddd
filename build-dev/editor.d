build-dev/editor.o: src/editor.c src/editor.h src/buf.h src/fsutil.h \
 src/text.h src/git/repo.h src/load.h src/diag.h src/model.h src/body.h \
 src/date.h src/util.h
src/editor.h:
src/buf.h:
src/fsutil.h:
src/text.h:
src/git/repo.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/util.h:
