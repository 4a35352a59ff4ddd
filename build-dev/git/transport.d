build-dev/git/transport.o: src/git/transport.c src/buf.h src/text.h \
 src/buf.h src/git/transport.h src/util.h
src/buf.h:
src/text.h:
src/buf.h:
src/git/transport.h:
src/util.h:
