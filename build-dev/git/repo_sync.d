build-dev/git/repo_sync.o: src/git/repo_sync.c src/buf.h src/fsutil.h \
 src/buf.h src/git/merge.h src/git/repo_int.h src/git/repo.h src/load.h \
 src/diag.h src/model.h src/body.h src/date.h src/git/repo_sync.h \
 src/git/transport.h src/text.h src/util.h src/yaml.h src/arena.h \
 src/node.h
src/buf.h:
src/fsutil.h:
src/buf.h:
src/git/merge.h:
src/git/repo_int.h:
src/git/repo.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/git/repo_sync.h:
src/git/transport.h:
src/text.h:
src/util.h:
src/yaml.h:
src/arena.h:
src/node.h:
