build-dev/people.o: src/people.c src/people.h src/date.h src/model.h \
 src/body.h src/diag.h
src/people.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
