build-dev/schema/schema_regex.o: src/schema/schema_regex.c \
 src/schema/schema_int.h src/arena.h src/buf.h src/node.h \
 src/schema/schema.h src/diag.h
src/schema/schema_int.h:
src/arena.h:
src/buf.h:
src/node.h:
src/schema/schema.h:
src/diag.h:
