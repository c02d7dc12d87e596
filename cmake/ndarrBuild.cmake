# Build settings for ndarr's own targets (tools, tests, examples, compile checks). Nothing here
# is attached to ndarr::ndarr itself, so a project that consumes ndarr keeps its own flags.
#
#   ndarr_target_setup(<target>)  warnings (-Werror with NDARR_WERROR), NDARR_SANITIZE and
#                                 NDARR_COVERAGE instrumentation.

set(NDARR__WARNINGS_GNU -Wall -Wextra -Wpedantic)
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
    target_compile_options(${target} PRIVATE --coverage -O0 -g)
    target_link_options(${target} PRIVATE --coverage)
  endif()
endfunction()
