build-dev/cmd/cmd_import.o: src/cmd/cmd_import.c src/buf.h src/cmd/cmd.h \
 src/cmd/help.h src/exchange/csv.h src/diag.h src/date.h src/fold.h \
 src/buf.h src/fsutil.h src/exchange/import.h src/model.h src/body.h \
 src/date.h src/diag.h src/load.h src/model.h src/people.h src/git/repo.h \
 src/text.h src/util.h src/exchange/vcard.h src/writing.h src/cmd/cmd.h \
 src/git/repo.h src/yaml.h src/arena.h src/node.h
src/buf.h:
src/cmd/cmd.h:
src/cmd/help.h:
src/exchange/csv.h:
src/diag.h:
src/date.h:
src/fold.h:
src/buf.h:
src/fsutil.h:
src/exchange/import.h:
src/model.h:
src/body.h:
src/date.h:
src/diag.h:
src/load.h:
src/model.h:
src/people.h:
src/git/repo.h:
src/text.h:
src/util.h:
src/exchange/vcard.h:
src/writing.h:
src/cmd/cmd.h:
src/git/repo.h:
src/yaml.h:
src/arena.h:
src/node.h:
