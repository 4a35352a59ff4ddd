build-dev/cmd/cmd_commit.o: src/cmd/cmd_commit.c src/buf.h src/cmd/cmd.h \
 src/cmd/help.h src/load.h src/diag.h src/model.h src/body.h src/date.h \
 src/model.h src/node.h src/git/repo.h src/text.h src/buf.h src/util.h \
 src/writing.h src/cmd/cmd.h src/git/repo.h src/yaml.h src/arena.h \
 src/node.h
src/buf.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/model.h:
src/node.h:
src/git/repo.h:
src/text.h:
src/buf.h:
src/util.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
src/node.h:
