build-dev/git/repo.o: src/git/repo.c src/git/repo_int.h src/git/repo.h \
 src/load.h src/diag.h src/model.h src/body.h src/date.h src/buf.h \
 src/fsutil.h src/buf.h src/git/gitindex.h src/util.h
src/git/repo_int.h:
src/git/repo.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/buf.h:
src/fsutil.h:
src/buf.h:
src/git/gitindex.h:
src/util.h:
