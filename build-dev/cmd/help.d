build-dev/cmd/help.o: src/cmd/help.c src/cmd/help.h src/text.h src/buf.h \
 src/util.h
src/cmd/help.h:
src/text.h:
src/buf.h:
src/util.h:
