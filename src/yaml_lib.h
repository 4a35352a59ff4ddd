/*
 * libyaml's <yaml.h>, for src/yaml.c alone. The build puts src/ first on the
 * include path, where our own yaml.h would shadow the library's header, so
 * this file (found through -Isrc as <yaml_lib.h>) asks for the next <yaml.h>
 * on the path after src/: the library's.
 */
#ifndef NOTEBOOK_YAML_LIB_H
#define NOTEBOOK_YAML_LIB_H

#include_next <yaml.h>

#endif
