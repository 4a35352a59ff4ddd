build-dev/cmd/cmd_show.o: src/cmd/cmd_show.c src/buf.h src/cmd/cmd.h \
 src/exchange/export.h src/date.h src/jsonw.h src/buf.h src/date.h \
 src/model.h src/body.h src/diag.h src/people.h src/model.h \
 src/cmd/help.h src/report.h src/cmd/cmd.h src/resolve.h src/stale.h \
 src/term.h src/text.h src/util.h
src/buf.h:
src/cmd/cmd.h:
src/exchange/export.h:
src/date.h:
src/jsonw.h:
src/buf.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/people.h:
src/model.h:
src/cmd/help.h:
src/report.h:
src/cmd/cmd.h:
src/resolve.h:
src/stale.h:
src/term.h:
src/text.h:
src/util.h:
