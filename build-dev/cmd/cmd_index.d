build-dev/cmd/cmd_index.o: src/cmd/cmd_index.c src/cmd/cmd.h \
 src/cmd/help.h src/diag.h src/cache/index.h src/buf.h src/load.h \
 src/diag.h src/model.h src/body.h src/date.h src/text.h src/buf.h \
 src/util.h
src/cmd/cmd.h:
src/cmd/help.h:
src/diag.h:
src/cache/index.h:
src/buf.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/text.h:
src/buf.h:
src/util.h:
