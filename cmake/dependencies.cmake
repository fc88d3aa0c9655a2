# Every dependency comes from Debian's packages (scripts/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.81 EXACT REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(GTest REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(benchmark REQUIRED)
pkg_check_modules(liburing REQUIRED IMPORTED_TARGET liburing)
pkg_check_modules(libxxhash REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(tomlplusplus REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(libargon2 REQUIRED IMPORTED_TARGET libargon2)

# Asio is compiled once (src/runtime/asio_impl.cc); everyone who includes it
# must agree on these definitions, so they travel with this interface target.
add_library(whippet_asio INTERFACE)
target_link_libraries(whippet_asio INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(whippet_asio INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_NO_TS_EXECUTORS)
if(WHIPPET_ASIO_BACKEND STREQUAL "io_uring")
  target_compile_definitions(whippet_asio INTERFACE BOOST_ASIO_HAS_IO_URING BOOST_ASIO_DISABLE_EPOLL)
  target_link_libraries(whippet_asio INTERFACE PkgConfig::liburing)
elseif(NOT WHIPPET_ASIO_BACKEND STREQUAL "epoll")
  message(FATAL_ERROR "WHIPPET_ASIO_BACKEND must be io_uring or epoll")
endif()
