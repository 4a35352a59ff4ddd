build-dev/fsutil.o: src/fsutil.c src/fsutil.h src/buf.h src/util.h
src/fsutil.h:
src/buf.h:
src/util.h:
