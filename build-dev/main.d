build-dev/main.o: src/main.c src/cmd/cmd.h src/cmd/help.h src/load.h \
 src/diag.h src/model.h src/body.h src/date.h src/text.h src/buf.h \
 src/util.h
src/cmd/cmd.h:
src/cmd/help.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/text.h:
src/buf.h:
src/util.h:
