# The arrows between gui/'s feature folders, checked on every test run (ctest: structure.gui):
#   cmake -DGUI=gui -DCORE=core -P tests/guilayers.cmake
# gui/ and core/ are both include roots, so "config/x.h" may be either: a gui header that shares
# its path with a core header would silently replace it in the GUI build. That fails here, and so
# does an include of another gui folder that the table below does not allow. Change the table
# only with docs/architecture.md ("gui/ layout").
cmake_minimum_required(VERSION 3.20)
set(allowed_common "")
set(allowed_activity "common")
set(allowed_charts "common")
set(allowed_config "common")
set(allowed_connection "common")
set(allowed_diagnose "common;connection")
set(allowed_overview "common;connection")
set(allowed_fleet "charts;common;connection;diagnose")
set(allowed_app "activity;charts;common;config;connection;diagnose;fleet;overview")

set(violations "")
file(GLOB_RECURSE headers RELATIVE ${GUI} ${GUI}/*.h)
foreach(header IN LISTS headers)
    if(EXISTS ${CORE}/${header})
        string(APPEND violations "gui/${header} shadows core/${header}: rename one of them\n")
    endif()
endforeach()

file(GLOB folders RELATIVE ${GUI} ${GUI}/*)
foreach(folder IN LISTS folders)
    if(NOT IS_DIRECTORY ${GUI}/${folder})
        continue()
    endif()
    if(NOT DEFINED allowed_${folder})
        string(APPEND violations "gui/${folder}/ is not in tests/guilayers.cmake: give it its arrows\n")
        continue()
    endif()
    file(GLOB_RECURSE sources ${GUI}/${folder}/*.h ${GUI}/${folder}/*.cpp)
    foreach(source IN LISTS sources)
        file(STRINGS ${source} includes REGEX "^#include \"[a-z0-9_]+/[^\"]+\"")
        foreach(line IN LISTS includes)
            string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" path "${line}")
            string(REGEX REPLACE "/.*" "" target "${path}")
            # Only gui headers have arrows here; core's are tests/layers.cmake's business.
            if(NOT EXISTS ${GUI}/${path} OR target STREQUAL folder
               OR target IN_LIST allowed_${folder})
                continue()
            endif()
            file(RELATIVE_PATH shown ${GUI}/.. ${source})
            string(APPEND violations "${shown}: ${line} (gui/${folder}/ may include: "
                   "${allowed_${folder}})\n")
        endforeach()
    endforeach()
endforeach()
if(violations)
    message(FATAL_ERROR "gui's folder arrows are broken:\n${violations}")
endif()
message(STATUS "gui's folder arrows hold")
