build-dev/git/repo_team.o: src/git/repo_team.c src/buf.h \
 src/git/repo_int.h src/git/repo.h src/load.h src/diag.h src/model.h \
 src/body.h src/date.h src/git/repo_team.h src/diag.h src/util.h
src/buf.h:
src/git/repo_int.h:
src/git/repo.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/git/repo_team.h:
src/diag.h:
src/util.h:
