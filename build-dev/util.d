build-dev/util.o: src/util.c src/util.h src/text.h src/buf.h
src/util.h:
src/text.h:
src/buf.h:
