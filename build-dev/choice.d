build-dev/choice.o: src/choice.c src/choice.h src/buf.h src/cmd/cmd.h \
 src/model.h src/body.h src/date.h src/diag.h src/report.h src/resolve.h \
 src/stale.h src/util.h
src/choice.h:
src/buf.h:
src/cmd/cmd.h:
src/model.h:
src/body.h:
src/date.h:
src/diag.h:
src/report.h:
src/resolve.h:
src/stale.h:
src/util.h:
