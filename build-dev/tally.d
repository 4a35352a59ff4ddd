build-dev/tally.o: src/tally.c src/tally.h src/buf.h src/stale.h \
 src/date.h src/model.h src/body.h src/diag.h src/util.h
src/tally.h:
src/buf.h:
src/stale.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/util.h:
