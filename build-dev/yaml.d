build-dev/yaml.o: src/yaml.c src/yaml.h src/arena.h src/diag.h src/node.h \
 src/yaml_lib.h src/text.h src/buf.h src/util.h
src/yaml.h:
src/arena.h:
src/diag.h:
src/node.h:
src/yaml_lib.h:
src/text.h:
src/buf.h:
src/util.h:
