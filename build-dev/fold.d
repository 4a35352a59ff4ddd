build-dev/fold.o: src/fold.c src/fold.h src/buf.h
src/fold.h:
src/buf.h:
