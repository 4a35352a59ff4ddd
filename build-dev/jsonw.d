build-dev/jsonw.o: src/jsonw.c src/jsonw.h src/buf.h src/date.h \
 src/text.h
src/jsonw.h:
src/buf.h:
src/date.h:
src/text.h:
