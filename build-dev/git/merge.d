build-dev/git/merge.o: src/git/merge.c src/diag.h src/frontmatter.h \
 src/git/merge.h src/buf.h src/util.h src/yaml.h src/arena.h src/buf.h \
 src/diag.h src/node.h
src/diag.h:
src/frontmatter.h:
src/git/merge.h:
src/buf.h:
src/util.h:
src/yaml.h:
src/arena.h:
src/buf.h:
src/diag.h:
src/node.h:
