build-dev/tz.o: src/tz.c src/tz.h src/date.h src/buf.h src/text.h \
 src/util.h
src/tz.h:
src/date.h:
src/buf.h:
src/text.h:
src/util.h:
