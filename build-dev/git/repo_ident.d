build-dev/git/repo_ident.o: src/git/repo_ident.c src/git/repo_int.h \
 src/git/repo.h src/load.h src/diag.h src/model.h src/body.h src/date.h \
 src/util.h
src/git/repo_int.h:
src/git/repo.h:
src/load.h:
src/diag.h:
src/model.h:
src/body.h:
src/date.h:
src/util.h:
