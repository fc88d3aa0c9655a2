# Flags for Whippet's own code. Third-party headers come in as system headers,
# so -Werror applies only to what we write.
add_library(whippet_flags INTERFACE)
target_compile_options(whippet_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wimplicit-fallthrough -Werror)
# GCC 12 at -O2 reports Asio's coroutine frames (allocated aligned by its
# recycling allocator, freed by the frame's matching operator delete) as
# mismatched new/delete once enough of them inline into one function.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(whippet_flags INTERFACE -Wno-mismatched-new-delete)
endif()
# UBSan's vptr check is left out: it probes memory through a pipe, so in a
# process at its descriptor limit (which the hostile tests drive the server
# to) it reports every virtual call as invalid.
if(WHIPPET_SANITIZE)
  target_compile_options(whippet_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(whippet_flags INTERFACE -fsanitize=address,undefined)
endif()

# whippet_library(name SOURCES ... DEPS ...): one layer, one target.
function(whippet_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(whippet_${name} STATIC ${ARG_SOURCES})
  target_include_directories(whippet_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(whippet_${name} PUBLIC whippet_flags ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# whippet_test(name SOURCES ... DEPS ... [LABELS ...]): a GoogleTest binary run by ctest.
function(whippet_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE whippet_flags ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}")
endfunction()
