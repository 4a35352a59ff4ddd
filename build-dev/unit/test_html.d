build-dev/unit/test_html: tests/unit/test_html.c src/buf.h \
 src/html/html.h tests/unit/tap.h
src/buf.h:
src/html/html.h:
tests/unit/tap.h:
