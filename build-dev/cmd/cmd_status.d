build-dev/cmd/cmd_status.o: src/cmd/cmd_status.c src/buf.h src/choice.h \
 src/cmd/cmd.h src/cmd/help.h src/report.h src/cmd/cmd.h src/date.h \
 src/model.h src/body.h src/diag.h src/stale.h src/tally.h src/buf.h \
 src/stale.h src/term.h src/text.h src/util.h
src/buf.h:
src/choice.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/report.h:
src/cmd/cmd.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/stale.h:
src/tally.h:
src/buf.h:
src/stale.h:
src/term.h:
src/text.h:
src/util.h:
