build-dev/cmd/cmd_report.o: src/cmd/cmd_report.c src/choice.h \
 src/cmd/cmd.h src/fsutil.h src/buf.h src/cmd/help.h \
 src/html/report_html.h src/date.h src/model.h src/body.h src/date.h \
 src/diag.h src/report.h src/cmd/cmd.h src/model.h src/text.h src/util.h
src/choice.h:
src/cmd/cmd.h:
src/fsutil.h:
src/buf.h:
src/cmd/help.h:
src/html/report_html.h:
src/date.h:
src/model.h:
src/body.h:
src/date.h:
src/diag.h:
src/report.h:
src/cmd/cmd.h:
src/model.h:
src/text.h:
src/util.h:
