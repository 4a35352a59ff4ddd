build-dev/cmd/cmd_merge_driver.o: src/cmd/cmd_merge_driver.c src/buf.h \
 src/cmd/cmd.h src/cmd/help.h src/fsutil.h src/buf.h src/git/merge.h \
 src/git/repo_sync.h src/text.h src/util.h src/yaml.h src/arena.h \
 src/diag.h src/node.h
src/buf.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/fsutil.h:
src/buf.h:
src/git/merge.h:
src/git/repo_sync.h:
src/text.h:
src/util.h:
src/yaml.h:
src/arena.h:
src/diag.h:
src/node.h:
