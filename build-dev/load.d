build-dev/load.o: src/load.c src/load.h src/diag.h src/model.h src/body.h \
 src/date.h src/cache/index.h src/buf.h src/fsutil.h src/buf.h src/item.h \
 src/util.h src/schema/schema.h src/diag.h src/node.h src/tz.h src/yaml.h \
 src/arena.h src/node.h
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/cache/index.h:
src/buf.h:
src/fsutil.h:
src/buf.h:
src/item.h:
src/util.h:
src/schema/schema.h:
src/diag.h:
src/node.h:
src/tz.h:
src/yaml.h:
src/arena.h:
src/node.h:
