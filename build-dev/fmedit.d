build-dev/fmedit.o: src/fmedit.c src/fmedit.h src/buf.h src/diag.h \
 src/node.h src/frontmatter.h src/util.h src/text.h
src/fmedit.h:
src/buf.h:
src/diag.h:
src/node.h:
src/frontmatter.h:
src/util.h:
src/text.h:
