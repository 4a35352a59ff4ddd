build-dev/schema/schema_check.o: src/schema/schema_check.c \
 src/schema/schema_int.h src/arena.h src/buf.h src/node.h \
 src/schema/schema.h src/diag.h src/date.h src/util.h
src/schema/schema_int.h:
src/arena.h:
src/buf.h:
src/node.h:
src/schema/schema.h:
src/diag.h:
src/date.h:
src/util.h:
