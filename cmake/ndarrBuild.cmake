# Build settings for ndarr's own targets (tools, tests, examples, compile checks). Nothing here
# is attached to ndarr::ndarr itself, so a project that consumes ndarr keeps its own flags.
#
#   ndarr_target_setup(<target>)  warnings (-Werror with NDARR_WERROR), NDARR_SANITIZE and
#                                 NDARR_COVERAGE instrumentation.

set(NDARR__WARNINGS_GNU -Wall -Wextra -Wpedantic)

set(NDARR__PROFILE_ATOMIC "")
if(NDARR_COVERAGE)
  include(CheckCCompilerFlag)
  check_c_compiler_flag(-fprofile-update=atomic NDARR__HAVE_PROFILE_ATOMIC)
  if(NDARR__HAVE_PROFILE_ATOMIC)
    set(NDARR__PROFILE_ATOMIC -fprofile-update=atomic)
  endif()
endif()
set(NDARR__WARNINGS_MSVC /W4)

function(ndarr_target_setup target)
  if(MSVC)
    target_compile_options(${target} PRIVATE ${NDARR__WARNINGS_MSVC})
    if(NDARR_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
    return()
  endif()
  target_compile_options(${target} PRIVATE ${NDARR__WARNINGS_GNU})
  if(NDARR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(NDARR_SANITIZE)
    set(_san -fsanitize=${NDARR_SANITIZE} -fno-omit-frame-pointer)
    if(NDARR_SANITIZE MATCHES "undefined")
      list(APPEND _san -fno-sanitize-recover=undefined)
    endif()
    target_compile_options(${target} PRIVATE ${_san} -g)
    target_link_options(${target} PRIVATE ${_san})
  endif()
  if(NDARR_COVERAGE)
    # Atomic counters: multi-threaded tests otherwise race on them (gcov then reports
    # negative branch counts, which gcovr rejects).
    target_compile_options(${target} PRIVATE --coverage -O0 -g ${NDARR__PROFILE_ATOMIC})
    target_link_options(${target} PRIVATE --coverage ${NDARR__PROFILE_ATOMIC})
  endif()
endfunction()
