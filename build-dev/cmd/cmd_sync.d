build-dev/cmd/cmd_sync.o: src/cmd/cmd_sync.c src/cmd/cmd.h src/cmd/help.h \
 src/diag.h src/load.h src/diag.h src/model.h src/body.h src/date.h \
 src/model.h src/git/repo.h src/git/repo_sync.h src/git/repo_team.h \
 src/text.h src/buf.h src/util.h
src/cmd/cmd.h:
src/cmd/help.h:
src/diag.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/model.h:
src/git/repo.h:
src/git/repo_sync.h:
src/git/repo_team.h:
src/text.h:
src/buf.h:
src/util.h:
