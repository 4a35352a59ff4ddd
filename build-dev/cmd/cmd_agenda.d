build-dev/cmd/cmd_agenda.o: src/cmd/cmd_agenda.c src/buf.h src/choice.h \
 src/cmd/cmd.h src/cmd/help.h src/exchange/ics.h src/date.h src/jsonw.h \
 src/buf.h src/date.h src/people.h src/model.h src/body.h src/diag.h \
 src/report.h src/cmd/cmd.h src/stale.h src/term.h src/text.h src/util.h
src/buf.h:
src/choice.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/exchange/ics.h:
src/date.h:
src/jsonw.h:
src/buf.h:
src/date.h:
src/people.h:
src/model.h:
src/body.h:
src/diag.h:
src/report.h:
src/cmd/cmd.h:
src/stale.h:
src/term.h:
src/text.h:
src/util.h:
