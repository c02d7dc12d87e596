/* ndarr/version.h — generated from cmake/version.h.in by CMake from the version in
 * CMakeLists.txt (project(ndarr VERSION ...)). Do not edit: change CMakeLists.txt. */
#ifndef NDARR_VERSION_H
#define NDARR_VERSION_H

#define NDARR_VERSION_MAJOR 0
#define NDARR_VERSION_MINOR 1
#define NDARR_VERSION_PATCH 0
#define NDARR_VERSION_STRING "0.1.0"
/* MAJOR*10000 + MINOR*100 + PATCH, for #if comparisons. */
#define NDARR_VERSION_INT (NDARR_VERSION_MAJOR * 10000 + NDARR_VERSION_MINOR * 100 + NDARR_VERSION_PATCH)
/* Version of the layout of structs that cross component boundaries (ndarr_array,
 * ndarr_buffer, ndarr_dtype, specs). Bumped on any incompatible change to a frozen prefix. */
#define NDARR_ABI_VERSION 1

#endif
