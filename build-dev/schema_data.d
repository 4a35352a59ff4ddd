build-dev/schema_data.o: build-dev/schema_data.c src/schema/schema.h \
 src/diag.h src/node.h
src/schema/schema.h:
src/diag.h:
src/node.h:
