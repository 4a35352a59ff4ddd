build-dev/diag.o: src/diag.c src/diag.h src/buf.h src/text.h src/util.h
src/diag.h:
src/buf.h:
src/text.h:
src/util.h:
