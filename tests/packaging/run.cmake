# Packaging test: build the downstream program in tests/packaging/downstream the four ways a user
# consumes ndarr, and check ndarr-config, all from a scratch directory.
#
#   (a) `cmake --install` into a prefix; find_package(ndarr 0.1 REQUIRED) + ndarr::ndarr, in C
#       and in C++; find_package(ndarr 1.0) must fail (SameMajorVersion)
#   (b) pkg-config --cflags --libs ndarr, before and after moving the prefix (relocatable);
#       <prefix>/bin/ndarr-config before and after the move; find_package from the moved prefix
#   (c) add_subdirectory(<ndarr source>) from a downstream CMakeLists
#   (d) cc -I<copy of include/> alone
#
# cmake -DSRC=<source> -DBIN=<build> -DWORK=<scratch> -DCC=<c compiler> [-DCXX=<c++ compiler>]
#       [-DGENERATOR=<gen>] [-DPKG_CONFIG=<pkg-config>] [-DNDARR_CONFIG_BUILD=<build-tree tool>]
#       -DVERSION=<x.y.z> -P run.cmake
cmake_minimum_required(VERSION 3.16)
foreach(_v SRC BIN WORK CC VERSION)
  if(NOT ${_v})
    message(FATAL_ERROR "run.cmake: -D${_v}=... is required")
  endif()
endforeach()
set(HERE ${CMAKE_CURRENT_LIST_DIR})
set(DOWN ${HERE}/downstream)
set(GEN_ARGS "")
if(GENERATOR)
  set(GEN_ARGS -G "${GENERATOR}")
endif()
set(STRICT -std=c11 -Wall -Wextra -Wpedantic -Werror)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# run(<label> <command...>): run a command, fail the test with its output on a non-zero exit.
# The output is left in RUN_OUT.
function(run label)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "FAIL ${label}: exit ${rc}\n$ ${cmd}\n${out}\n${err}")
  endif()
  set(RUN_OUT "${out}" PARENT_SCOPE)
endfunction()

# check_downstream(<label> <exe>): the program runs and prints this version.
function(check_downstream label exe)
  run("${label}: run" ${exe})
  if(NOT RUN_OUT MATCHES "ndarr ${VERSION}\n")
    message(FATAL_ERROR "FAIL ${label}: expected 'ndarr ${VERSION}', got:\n${RUN_OUT}")
  endif()
  message(STATUS "ok   ${label}")
endfunction()

# cmake_downstream(<label> <source dir> <build dir> <configure args...>)
function(cmake_downstream label srcdir builddir)
  run("${label}: configure" ${CMAKE_COMMAND} ${GEN_ARGS} -S ${srcdir} -B ${builddir}
      -DCMAKE_C_COMPILER=${CC} -DCMAKE_BUILD_TYPE=Release ${ARGN})
  run("${label}: build" ${CMAKE_COMMAND} --build ${builddir})
  check_downstream("${label}" ${builddir}/downstream)
endfunction()

function(expect_same_dir label got want)
  string(STRIP "${got}" got)
  get_filename_component(g "${got}" REALPATH)
  get_filename_component(w "${want}" REALPATH)
  if(NOT g STREQUAL w)
    message(FATAL_ERROR "FAIL ${label}: got '${got}', expected '${want}'")
  endif()
  if(NOT IS_DIRECTORY "${got}")
    message(FATAL_ERROR "FAIL ${label}: '${got}' is not a directory")
  endif()
endfunction()

# ndarr-calc is installed beside ndarr-config and runs from there (also after a move).
function(check_ndarr_calc label prefix)
  set(tool ${prefix}/bin/ndarr-calc)
  if(NOT EXISTS ${tool})
    message(FATAL_ERROR "FAIL ${label}: ${tool} is not installed")
  endif()
  run("${label} --version" ${tool} --version)
  if(NOT RUN_OUT MATCHES "${VERSION}")
    message(FATAL_ERROR "FAIL ${label} --version: '${RUN_OUT}', expected '${VERSION}'")
  endif()
  run("${label} add 2 3" ${tool} add 2 3)
  string(STRIP "${RUN_OUT}" sum)
  if(NOT sum MATCHES "5")
    message(FATAL_ERROR "FAIL ${label} add 2 3: '${sum}'")
  endif()
  message(STATUS "ok   ${label}")
endfunction()

# ndarr-config answers with paths inside <prefix>.
function(check_ndarr_config label prefix)
  set(tool ${prefix}/bin/ndarr-config)
  run("${label} --version" ${tool} --version)
  string(STRIP "${RUN_OUT}" v)
  if(NOT v STREQUAL VERSION)
    message(FATAL_ERROR "FAIL ${label} --version: '${v}', expected '${VERSION}'")
  endif()
  run("${label} --includedir" ${tool} --includedir)
  expect_same_dir("${label} --includedir" "${RUN_OUT}" ${prefix}/include)
  run("${label} --cmakedir" ${tool} --cmakedir)
  expect_same_dir("${label} --cmakedir" "${RUN_OUT}" ${prefix}/share/cmake/ndarr)
  run("${label} --pkgconfigdir" ${tool} --pkgconfigdir)
  expect_same_dir("${label} --pkgconfigdir" "${RUN_OUT}" ${prefix}/share/pkgconfig)
  run("${label} --prefix" ${tool} --prefix)
  expect_same_dir("${label} --prefix" "${RUN_OUT}" ${prefix})
  run("${label} --cflags" ${tool} --cflags)
  string(STRIP "${RUN_OUT}" cflags)
  if(NOT cflags MATCHES "^-I")
    message(FATAL_ERROR "FAIL ${label} --cflags: '${cflags}'")
  endif()
  string(SUBSTRING "${cflags}" 2 -1 inc)
  expect_same_dir("${label} --cflags" "${inc}" ${prefix}/include)
  run("${label} --libs" ${tool} --libs)
  string(STRIP "${RUN_OUT}" libs)
  run("${label} --simd" ${tool} --simd)
  if(NOT RUN_OUT MATCHES "scalar")
    message(FATAL_ERROR "FAIL ${label} --simd: '${RUN_OUT}' does not list scalar")
  endif()
  execute_process(COMMAND ${tool} --no-such-option RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR NOT out STREQUAL "" OR NOT err MATCHES "unknown option")
    message(FATAL_ERROR "FAIL ${label}: an unknown option gave exit ${rc}, stdout '${out}', "
                        "stderr '${err}' (expected exit 2 and a message on stderr)")
  endif()
  # Build the downstream program with what ndarr-config prints.
  separate_arguments(cflags_l UNIX_COMMAND "${cflags}")
  separate_arguments(libs_l UNIX_COMMAND "${libs}")
  string(MAKE_C_IDENTIFIER "${label}" id)
  run("${label}: compile" ${CC} ${STRICT} ${cflags_l} ${DOWN}/main.c ${DOWN}/second.c
      -o ${WORK}/${id} ${libs_l})
  check_downstream("${label}" ${WORK}/${id})
endfunction()

# pkg-config --cflags --libs ndarr from <prefix>/share/pkgconfig.
function(check_pkg_config label prefix)
  set(ENV{PKG_CONFIG_PATH} ${prefix}/share/pkgconfig)
  run("${label} --modversion" ${PKG_CONFIG} --modversion ndarr)
  string(STRIP "${RUN_OUT}" v)
  if(NOT v STREQUAL VERSION)
    message(FATAL_ERROR "FAIL ${label} --modversion: '${v}', expected '${VERSION}'")
  endif()
  run("${label} --cflags" ${PKG_CONFIG} --cflags ndarr)
  string(STRIP "${RUN_OUT}" cflags)
  string(REGEX MATCH "-I[^ ]+" inc "${cflags}")
  string(SUBSTRING "${inc}" 2 -1 inc)
  expect_same_dir("${label} --cflags" "${inc}" ${prefix}/include)
  run("${label} --libs" ${PKG_CONFIG} --libs ndarr)
  string(STRIP "${RUN_OUT}" libs)
  if(NOT libs MATCHES "-lm" OR NOT libs MATCHES "-pthread")
    message(FATAL_ERROR "FAIL ${label} --libs: '${libs}' (expected -pthread -lm)")
  endif()
  separate_arguments(cflags_l UNIX_COMMAND "${cflags}")
  separate_arguments(libs_l UNIX_COMMAND "${libs}")
  string(MAKE_C_IDENTIFIER "${label}" id)
  run("${label}: compile" ${CC} ${STRICT} ${cflags_l} ${DOWN}/main.c ${DOWN}/second.c
      -o ${WORK}/${id} ${libs_l})
  check_downstream("${label}" ${WORK}/${id})
  unset(ENV{PKG_CONFIG_PATH})
endfunction()

# ---- (a) install + find_package ------------------------------------------------------------
set(PREFIX ${WORK}/prefix)
run("install" ${CMAKE_COMMAND} --install ${BIN} --prefix ${PREFIX})
foreach(f include/ndarr/ndarr.h include/ndarr/version.h include/ndarr/simd/cpu.h
          share/cmake/ndarr/ndarrConfig.cmake share/cmake/ndarr/ndarrConfigVersion.cmake
          share/cmake/ndarr/ndarrTargets.cmake share/pkgconfig/ndarr.pc)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "FAIL install: ${PREFIX}/${f} is missing")
  endif()
endforeach()
# every header of the source tree is installed
file(GLOB_RECURSE _hdrs RELATIVE ${SRC}/include ${SRC}/include/ndarr/*.h)
foreach(h IN LISTS _hdrs)
  if(NOT EXISTS ${PREFIX}/include/${h})
    message(FATAL_ERROR "FAIL install: header ${h} is not installed")
  endif()
endforeach()
message(STATUS "ok   install: headers, CMake package and ndarr.pc in ${PREFIX}")

cmake_downstream("find_package(ndarr 0.1) C" ${HERE}/find_package ${WORK}/fp-c
  -DCMAKE_PREFIX_PATH=${PREFIX} -DNDARR_EXPECT_DIR=${PREFIX}/share/cmake/ndarr)

if(CXX)
  run("find_package C++: configure" ${CMAKE_COMMAND} ${GEN_ARGS} -S ${HERE}/find_package
      -B ${WORK}/fp-cxx -DCMAKE_CXX_COMPILER=${CXX} -DDOWNSTREAM_LANG=CXX
      -DCMAKE_PREFIX_PATH=${PREFIX} -DNDARR_EXPECT_DIR=${PREFIX}/share/cmake/ndarr)
  run("find_package C++: build" ${CMAKE_COMMAND} --build ${WORK}/fp-cxx)
  check_downstream("find_package(ndarr 0.1) C++" ${WORK}/fp-cxx/downstream)
endif()

foreach(want 1.0 0.2)
  execute_process(COMMAND ${CMAKE_COMMAND} ${GEN_ARGS} -S ${HERE}/find_package
                  -B ${WORK}/fp-want-${want} -DCMAKE_C_COMPILER=${CC}
                  -DCMAKE_PREFIX_PATH=${PREFIX} -DNDARR_WANT_VERSION=${want}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "FAIL find_package(ndarr ${want}) succeeded against ${VERSION}:\n${out}")
  endif()
  if(NOT err MATCHES "ndarr")
    message(FATAL_ERROR "FAIL find_package(ndarr ${want}): unexpected error\n${err}")
  endif()
  message(STATUS "ok   find_package(ndarr ${want}) is refused by ${VERSION}")
endforeach()

# ---- (b) ndarr-config and pkg-config, then the same after moving the prefix ----------------
set(HAVE_TOOL 0)
if(EXISTS ${PREFIX}/bin/ndarr-config)
  set(HAVE_TOOL 1)
  check_ndarr_config("ndarr-config" ${PREFIX})
  check_ndarr_calc("ndarr-calc" ${PREFIX})
else()
  message(STATUS "skip ndarr-config: not installed (NDARR_BUILD_TOOLS=OFF)")
endif()
if(PKG_CONFIG)
  check_pkg_config("pkg-config" ${PREFIX})
else()
  message(WARNING "pkg-config not found: the pkg-config checks are skipped")
endif()

set(MOVED ${WORK}/moved/elsewhere)
file(MAKE_DIRECTORY ${WORK}/moved)
file(RENAME ${PREFIX} ${MOVED})
if(EXISTS ${PREFIX})
  message(FATAL_ERROR "FAIL: ${PREFIX} still exists after the move")
endif()
if(HAVE_TOOL)
  check_ndarr_config("moved ndarr-config" ${MOVED})
  check_ndarr_calc("moved ndarr-calc" ${MOVED})
endif()
if(PKG_CONFIG)
  check_pkg_config("moved pkg-config" ${MOVED})
endif()
cmake_downstream("moved find_package(ndarr 0.1) C" ${HERE}/find_package ${WORK}/fp-moved
  -DCMAKE_PREFIX_PATH=${MOVED} -DNDARR_EXPECT_DIR=${MOVED}/share/cmake/ndarr)

# ---- build tree: ndarr-config and find_package without installing -------------------------
if(NDARR_CONFIG_BUILD)
  run("build-tree ndarr-config" ${NDARR_CONFIG_BUILD} --includedir)
  expect_same_dir("build-tree ndarr-config --includedir" "${RUN_OUT}" ${SRC}/include)
  message(STATUS "ok   build-tree ndarr-config --includedir")
endif()
cmake_downstream("build-tree find_package" ${HERE}/find_package ${WORK}/fp-build
  -Dndarr_DIR=${BIN} -DNDARR_EXPECT_DIR=${BIN})

# ---- (c) add_subdirectory ------------------------------------------------------------------
cmake_downstream("add_subdirectory" ${HERE}/subdirectory ${WORK}/subdir -DNDARR_SOURCE_DIR=${SRC})

# ---- (d) vendored include/ -----------------------------------------------------------------
file(COPY ${SRC}/include DESTINATION ${WORK}/vendored)
run("vendored: compile" ${CC} ${STRICT} -I${WORK}/vendored/include ${DOWN}/main.c ${DOWN}/second.c
    -o ${WORK}/vendored-downstream -pthread -lm)
check_downstream("vendored include/ (cc -I)" ${WORK}/vendored-downstream)

message(STATUS "packaging: all checks passed")
