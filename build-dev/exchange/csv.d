build-dev/exchange/csv.o: src/exchange/csv.c src/exchange/csv.h src/buf.h \
 src/diag.h src/text.h src/buf.h src/util.h
src/exchange/csv.h:
src/buf.h:
src/diag.h:
src/text.h:
src/buf.h:
src/util.h:
