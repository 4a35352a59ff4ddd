build-dev/exchange/vcard.o: src/exchange/vcard.c src/exchange/vcard.h \
 src/buf.h src/diag.h src/date.h src/exchange/ics.h src/text.h src/buf.h \
 src/util.h
src/exchange/vcard.h:
src/buf.h:
src/diag.h:
src/date.h:
src/exchange/ics.h:
src/text.h:
src/buf.h:
src/util.h:
