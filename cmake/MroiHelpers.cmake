# Helpers shared by every layer: one static library per layer, one test binary per layer.

# Warnings for one target; -Werror when MROI_WERROR is ON.
function(mroi_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wconversion -Wno-sign-conversion)
  if(MROI_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(MROI_SANITIZE)
    # GCC's -Wmaybe-uninitialized is unreliable with the sanitizers at -O1 (it fires inside
    # libstdc++'s <regex>); the normal build keeps the warning as an error.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined
                                             -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# mroi_add_library(NAME core SRCS a.cc b.cc DEPS mroi::x PRIVATE_DEPS fmt::fmt)
# Makes mroi_<NAME>, aliased mroi::<NAME>, with include/ public and src/ private.
function(mroi_add_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(mroi_${ARG_NAME} STATIC ${ARG_SRCS})
  add_library(mroi::${ARG_NAME} ALIAS mroi_${ARG_NAME})
  target_include_directories(mroi_${ARG_NAME}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mroi_${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  if(MROI_SANITIZE)
    target_link_options(mroi_${ARG_NAME} INTERFACE -fsanitize=address,undefined)
  endif()
  mroi_set_warnings(mroi_${ARG_NAME})
endfunction()

# mroi_add_test(NAME core_test SRCS a_test.cc DEPS mroi::core)
# One GoogleTest binary; ctest finds its tests with gtest_discover_tests.
function(mroi_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT MROI_BUILD_TESTS)
    return()
  endif()
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${ARG_NAME} PRIVATE
    MROI_SOURCE_DIR="${PROJECT_SOURCE_DIR}" MROI_DATA_DIR="${MROI_DATA_DIR}")
  mroi_set_warnings(${ARG_NAME})
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "MROI_DATA_DIR=${MROI_DATA_DIR}")
endfunction()
