build-dev/git/gitindex.o: src/git/gitindex.c src/git/gitindex.h src/buf.h \
 src/fsutil.h src/buf.h src/util.h
src/git/gitindex.h:
src/buf.h:
src/fsutil.h:
src/buf.h:
src/util.h:
