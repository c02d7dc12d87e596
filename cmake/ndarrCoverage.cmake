# Print line and branch coverage of ndarr's headers (include/) with gcovr, after the tests of
# an NDARR_COVERAGE build have run:
#
#   cmake -DSRC=<source dir> -DBIN=<build dir> [-DCOMPILER_ID=GNU|Clang] [-DCOMPILER=<cc>]
#         -P cmake/ndarrCoverage.cmake
#
# (the `coverage` target of an NDARR_COVERAGE build runs this). Works with gcovr 5.x, whose
# text report takes --branches, and with newer gcovr, which spells it --txt-metric branch.
# Writes <build>/coverage/coverage.json and prints both tables and the summary.
cmake_minimum_required(VERSION 3.16)
if(NOT SRC OR NOT BIN)
  message(FATAL_ERROR "usage: cmake -DSRC=<source dir> -DBIN=<build dir> -P ndarrCoverage.cmake")
endif()
find_program(GCOVR gcovr)
if(NOT GCOVR)
  message(FATAL_ERROR "gcovr not found (Debian: apt-get install gcovr)")
endif()

# gcov must match the compiler that instrumented the build.
set(gcov_exe "")
if(COMPILER_ID MATCHES "Clang")
  get_filename_component(_cdir "${COMPILER}" DIRECTORY)
  execute_process(COMMAND "${COMPILER}" -dumpversion OUTPUT_VARIABLE _v OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "^[0-9]+" _major "${_v}")
  find_program(LLVM_COV NAMES llvm-cov-${_major} llvm-cov HINTS "${_cdir}")
  if(NOT LLVM_COV)
    message(FATAL_ERROR "llvm-cov not found for the clang coverage build")
  endif()
  set(gcov_exe "${LLVM_COV} gcov")
elseif(COMPILER)
  execute_process(COMMAND "${COMPILER}" -dumpversion OUTPUT_VARIABLE _v OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "^[0-9]+" _major "${_v}")
  find_program(GCOV NAMES gcov-${_major} gcov)
  if(GCOV)
    set(gcov_exe "${GCOV}")
  endif()
endif()

execute_process(COMMAND "${GCOVR}" --version OUTPUT_VARIABLE _gv)
string(REGEX MATCH "gcovr [0-9.]+" _gv "${_gv}")
execute_process(COMMAND "${GCOVR}" --help OUTPUT_VARIABLE _help)
if(_help MATCHES "--txt-metric")
  set(branch_table --txt-metric branch)
else()
  set(branch_table --branches)
endif()

# --filter is a regular expression: escape the source path.
string(REGEX REPLACE "([][.*+?^$(){}|\\\\])" "\\\\\\1" _src_re "${SRC}")
set(common --root "${SRC}" --filter "${_src_re}/include/")
if(gcov_exe)
  list(APPEND common --gcov-executable "${gcov_exe}")
endif()

file(MAKE_DIRECTORY "${BIN}/coverage")
set(json "${BIN}/coverage/coverage.json")
message(STATUS "${_gv}: collecting coverage of ${SRC}/include from ${BIN}")
execute_process(
  COMMAND "${GCOVR}" ${common} --exclude-unreachable-branches -j 2 --json "${json}" "${BIN}"
  WORKING_DIRECTORY "${BIN}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gcovr failed (${rc})")
endif()

foreach(report "line;--txt" "branch;--txt;${branch_table};--print-summary")
  list(GET report 0 what)
  list(REMOVE_AT report 0)
  message("\n==== ndarr coverage of include/: ${what} ====")
  execute_process(COMMAND "${GCOVR}" --root "${SRC}" --add-tracefile "${json}" ${report}
                  WORKING_DIRECTORY "${SRC}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gcovr (${what} report) failed (${rc})")
  endif()
endforeach()
