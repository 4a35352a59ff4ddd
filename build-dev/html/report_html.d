build-dev/html/report_html.o: src/html/report_html.c \
 src/html/report_html.h src/date.h src/model.h src/body.h src/date.h \
 src/diag.h src/buf.h src/choice.h src/html/html.h src/report.h \
 src/cmd/cmd.h src/model.h src/stale.h src/tally.h src/buf.h src/stale.h \
 src/util.h
src/html/report_html.h:
src/date.h:
src/model.h:
src/body.h:
src/date.h:
src/diag.h:
src/buf.h:
src/choice.h:
src/html/html.h:
src/report.h:
src/cmd/cmd.h:
src/model.h:
src/stale.h:
src/tally.h:
src/buf.h:
src/stale.h:
src/util.h:
