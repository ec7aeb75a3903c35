# cmake -DFILE=x.metainfo.xml -DVERSION=1.2.3 -P check-metainfo-release.cmake
# The first <release> (AppStream lists the newest first) must name the project's version.
file(READ ${FILE} xml)
string(REGEX MATCH "<release[^>]*version=\"([^\"]+)\"" match "${xml}")
if(NOT CMAKE_MATCH_1 STREQUAL VERSION)
    message(FATAL_ERROR "${FILE}: the newest <release> is '${CMAKE_MATCH_1}', the project is "
                        "${VERSION}: add a <release version=\"${VERSION}\" date=...> entry on top")
endif()
message(STATUS "newest release in the metainfo: ${CMAKE_MATCH_1}")
