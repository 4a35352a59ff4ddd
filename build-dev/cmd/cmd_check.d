build-dev/cmd/cmd_check.o: src/cmd/cmd_check.c src/choice.h src/cmd/cmd.h \
 src/cmd/help.h src/diag.h src/load.h src/diag.h src/model.h src/body.h \
 src/date.h src/git/repo.h src/git/repo_team.h src/util.h
src/choice.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/diag.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/git/repo.h:
src/git/repo_team.h:
src/util.h:
