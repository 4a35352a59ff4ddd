build-dev/model.o: src/model.c src/model.h src/body.h src/date.h \
 src/diag.h src/util.h
src/model.h:
src/body.h:
src/date.h:
src/diag.h:
src/util.h:
