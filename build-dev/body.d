build-dev/body.o: src/body.c src/body.h src/date.h src/diag.h src/buf.h \
 src/util.h
src/body.h:
src/date.h:
src/diag.h:
src/buf.h:
src/util.h:
