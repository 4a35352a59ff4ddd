build-dev/cmd/cmd_export.o: src/cmd/cmd_export.c src/buf.h src/cmd/cmd.h \
 src/cmd/help.h src/exchange/export.h src/date.h src/jsonw.h src/buf.h \
 src/date.h src/model.h src/body.h src/diag.h src/fsutil.h src/report.h \
 src/cmd/cmd.h src/model.h src/util.h
src/buf.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/exchange/export.h:
src/date.h:
src/jsonw.h:
src/buf.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/fsutil.h:
src/report.h:
src/cmd/cmd.h:
src/model.h:
src/util.h:
