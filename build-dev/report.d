build-dev/report.o: src/report.c src/report.h src/cmd/cmd.h src/date.h \
 src/model.h src/body.h src/diag.h src/choice.h src/load.h src/resolve.h \
 src/buf.h src/term.h src/text.h src/tz.h src/util.h
src/report.h:
src/cmd/cmd.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/choice.h:
src/load.h:
src/resolve.h:
src/buf.h:
src/term.h:
src/text.h:
src/tz.h:
src/util.h:
