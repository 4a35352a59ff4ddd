build-dev/stale.o: src/stale.c src/stale.h src/date.h src/model.h \
 src/body.h src/diag.h src/buf.h src/util.h
src/stale.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/buf.h:
src/util.h:
