build-dev/html/html.o: src/html/html.c src/html/html.h src/buf.h \
 src/text.h src/buf.h
src/html/html.h:
src/buf.h:
src/text.h:
src/buf.h:
