build-dev/cmd/cmd_edit.o: src/cmd/cmd_edit.c src/buf.h src/cmd/cmd.h \
 src/editor.h src/buf.h src/fsutil.h src/load.h src/diag.h src/model.h \
 src/body.h src/date.h src/git/merge.h src/git/repo.h src/text.h \
 src/util.h src/resolve.h src/writing.h src/cmd/cmd.h src/git/repo.h
src/buf.h:
src/cmd/cmd.h:
src/editor.h:
src/buf.h:
src/fsutil.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/git/merge.h:
src/git/repo.h:
src/text.h:
src/util.h:
src/resolve.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
