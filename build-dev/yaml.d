build-dev/yaml.o: src/yaml.c src/yaml.h src/arena.h src/buf.h src/diag.h \
 src/node.h src/yaml_lib.h src/frontmatter.h src/text.h src/util.h
src/yaml.h:
src/arena.h:
src/buf.h:
src/diag.h:
src/node.h:
src/yaml_lib.h:
src/frontmatter.h:
src/text.h:
src/util.h:
