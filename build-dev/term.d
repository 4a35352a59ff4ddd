build-dev/term.o: src/term.c src/term.h src/buf.h src/text.h src/util.h
src/term.h:
src/buf.h:
src/text.h:
src/util.h:
