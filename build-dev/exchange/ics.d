build-dev/exchange/ics.o: src/exchange/ics.c src/exchange/ics.h src/buf.h \
 src/date.h src/text.h src/buf.h
src/exchange/ics.h:
src/buf.h:
src/date.h:
src/text.h:
src/buf.h:
