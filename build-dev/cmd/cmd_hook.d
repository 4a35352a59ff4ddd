build-dev/cmd/cmd_hook.o: src/cmd/cmd_hook.c src/buf.h src/cmd/cmd.h \
 src/diag.h src/cmd/help.h src/fsutil.h src/buf.h src/load.h src/diag.h \
 src/model.h src/body.h src/date.h src/git/repo.h src/git/repo_team.h \
 src/text.h src/util.h
src/buf.h:
src/cmd/cmd.h:
src/diag.h:
src/cmd/help.h:
src/fsutil.h:
src/buf.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/git/repo.h:
src/git/repo_team.h:
src/text.h:
src/util.h:
