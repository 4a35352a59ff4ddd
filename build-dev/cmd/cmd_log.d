build-dev/cmd/cmd_log.o: src/cmd/cmd_log.c src/buf.h src/choice.h \
 src/cmd/cmd.h src/cmd/help.h src/date.h src/editor.h src/buf.h \
 src/frontmatter.h src/fsutil.h src/load.h src/diag.h src/model.h \
 src/body.h src/date.h src/model.h src/git/repo.h src/text.h src/tz.h \
 src/util.h src/resolve.h src/withcheck.h src/writing.h src/cmd/cmd.h \
 src/git/repo.h src/yaml.h src/arena.h src/node.h
src/buf.h:
src/choice.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/date.h:
src/editor.h:
src/buf.h:
src/frontmatter.h:
src/fsutil.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/model.h:
src/git/repo.h:
src/text.h:
src/tz.h:
src/util.h:
src/resolve.h:
src/withcheck.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
src/node.h:
