build-dev/exchange/export.o: src/exchange/export.c src/exchange/export.h \
 src/buf.h src/date.h src/jsonw.h src/buf.h src/date.h src/model.h \
 src/body.h src/diag.h src/exchange/csv.h src/diag.h src/people.h \
 src/model.h src/report.h src/cmd/cmd.h src/stale.h src/util.h \
 src/exchange/vcard.h
src/exchange/export.h:
src/buf.h:
src/date.h:
src/jsonw.h:
src/buf.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/exchange/csv.h:
src/diag.h:
src/people.h:
src/model.h:
src/report.h:
src/cmd/cmd.h:
src/stale.h:
src/util.h:
src/exchange/vcard.h:
