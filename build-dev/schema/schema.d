build-dev/schema/schema.o: src/schema/schema.c src/schema/schema_int.h \
 src/arena.h src/buf.h src/node.h src/schema/schema.h src/diag.h \
 src/util.h
src/schema/schema_int.h:
src/arena.h:
src/buf.h:
src/node.h:
src/schema/schema.h:
src/diag.h:
src/util.h:
