build-dev/cmd/cmd_list.o: src/cmd/cmd_list.c src/buf.h src/choice.h \
 src/cmd/cmd.h src/cmd/help.h src/report.h src/cmd/cmd.h src/date.h \
 src/model.h src/body.h src/diag.h src/stale.h src/term.h src/buf.h \
 src/text.h src/util.h
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
src/term.h:
src/buf.h:
src/text.h:
src/util.h:
