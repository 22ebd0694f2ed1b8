// Boost.Asio's and Boost.Beast's compiled parts (the io_context, reactor, socket operations, SSL engine, HTTP
// parser, WebSocket and zlib code), compiled once here instead of inline in every file that includes them:
// BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION are set for the whole program
// (CMakeLists.txt). Templates are still instantiated where they are used.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
