build-dev/cmd/cmd_search.o: src/cmd/cmd_search.c src/buf.h src/choice.h \
 src/cmd/cmd.h src/cmd/help.h src/diag.h src/cache/index.h src/load.h \
 src/diag.h src/model.h src/body.h src/date.h src/query.h src/buf.h \
 src/report.h src/cmd/cmd.h src/term.h src/text.h src/util.h
src/buf.h:
src/choice.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/diag.h:
src/cache/index.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/query.h:
src/buf.h:
src/report.h:
src/cmd/cmd.h:
src/term.h:
src/text.h:
src/util.h:
