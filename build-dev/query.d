build-dev/query.o: src/query.c src/query.h src/buf.h src/util.h
src/query.h:
src/buf.h:
src/util.h:
