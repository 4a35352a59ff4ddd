build-dev/cache/index.o: src/cache/index.c src/cache/index.h src/buf.h \
 src/frontmatter.h src/fsutil.h src/buf.h src/item.h src/diag.h \
 src/load.h src/model.h src/body.h src/date.h src/util.h src/query.h \
 src/schema/schema.h src/diag.h src/node.h src/text.h src/util.h
src/cache/index.h:
src/buf.h:
src/frontmatter.h:
src/fsutil.h:
src/buf.h:
src/item.h:
src/diag.h:
src/load.h:
src/model.h:
src/body.h:
src/date.h:
src/util.h:
src/query.h:
src/schema/schema.h:
src/diag.h:
src/node.h:
src/text.h:
src/util.h:
