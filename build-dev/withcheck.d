build-dev/withcheck.o: src/withcheck.c src/withcheck.h src/buf.h \
 src/fold.h src/node.h src/people.h src/date.h src/model.h src/body.h \
 src/diag.h src/util.h src/writing.h src/cmd/cmd.h src/git/repo.h \
 src/load.h src/yaml.h src/arena.h
src/withcheck.h:
src/buf.h:
src/fold.h:
src/node.h:
src/people.h:
src/date.h:
src/model.h:
src/body.h:
src/diag.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/load.h:
src/yaml.h:
src/arena.h:
