# Packaging tests (label `packaging`): the desktop integration files validate, and the .deb CPack
# builds installs into a temporary root, runs from there and declares its library dependencies.
# Included at the end of tests/CMakeLists.txt.

include(${PROJECT_SOURCE_DIR}/packaging/desktop-files.cmake)
set(GS_PACKAGING_TESTS ${PROJECT_SOURCE_DIR}/tests/packaging)

find_program(GS_APPSTREAMCLI appstreamcli)
if(GS_APPSTREAMCLI)
    add_test(NAME packaging.metainfo_validates
             COMMAND ${GS_APPSTREAMCLI} validate --no-net --explain ${GS_METAINFO_FILE})
    set_tests_properties(packaging.metainfo_validates PROPERTIES LABELS packaging)
else()
    message(WARNING "appstreamcli not found (package appstream): the metainfo is not validated")
endif()

find_program(GS_DESKTOP_FILE_VALIDATE desktop-file-validate)
if(GS_DESKTOP_FILE_VALIDATE)
    # desktop-file-validate exits 0 on hints and warnings too; the script fails on any message.
    add_test(NAME packaging.desktop_file_validates
             COMMAND ${CMAKE_COMMAND} -DVALIDATOR=${GS_DESKTOP_FILE_VALIDATE}
                     -DFILE=${GS_DESKTOP_FILE} -P ${GS_PACKAGING_TESTS}/validate-desktop.cmake)
    set_tests_properties(packaging.desktop_file_validates PROPERTIES LABELS packaging)
else()
    message(WARNING "desktop-file-validate not found (package desktop-file-utils): "
                    "the .desktop file is not validated")
endif()

find_program(GS_SHELLCHECK shellcheck)
if(GS_SHELLCHECK)
    add_test(NAME packaging.scripts_shellcheck
             COMMAND ${GS_SHELLCHECK} -x scripts/install-deps scripts/quickstart scripts/screenshots
                     scripts/check-format scripts/lib/demo-lab.sh scripts/tsan .ci/run
                     bench/trust-table.sh bench/roundtrips.sh bench/diagnose-bench.sh
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(packaging.scripts_shellcheck PROPERTIES LABELS packaging)
    # The scripts Gatescope runs on servers: POSIX sh (dash, busybox), so checked as sh.
    file(GLOB GS_REMOTE_SCRIPTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/core/scripts/*.sh)
    add_test(NAME packaging.remote_scripts_shellcheck
             COMMAND ${GS_SHELLCHECK} -s sh ${GS_REMOTE_SCRIPTS}
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(packaging.remote_scripts_shellcheck PROPERTIES LABELS packaging)
else()
    message(WARNING "shellcheck not found (package shellcheck): the scripts are not checked")
endif()

# The metainfo's newest release must be this version, so a version bump cannot ship without notes.
add_test(NAME packaging.metainfo_release_matches_version
         COMMAND ${CMAKE_COMMAND} -DFILE=${GS_METAINFO_FILE} -DVERSION=${PROJECT_VERSION}
                 -P ${GS_PACKAGING_TESTS}/check-metainfo-release.cmake)
set_tests_properties(packaging.metainfo_release_matches_version PROPERTIES LABELS packaging)

# cpack writes into its own directory (not where a developer's `cpack` puts packages). It runs as a
# fixture, once, before the tests that look inside the .deb; the resource lock keeps two ctest
# processes of the same build tree from packaging into that directory at once.
if(GS_BUILD_GUI)
    set(GS_DEB_DIR ${CMAKE_BINARY_DIR}/packaging-test)
    add_test(NAME packaging.cpack
             COMMAND ${CMAKE_COMMAND} -DCPACK=${CMAKE_CPACK_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                     -DOUT=${GS_DEB_DIR} -P ${GS_PACKAGING_TESTS}/build-deb.cmake)
    add_test(NAME packaging.deb_installs_and_runs
             COMMAND ${CMAKE_COMMAND} -DDEB_DIR=${GS_DEB_DIR} -DVERSION=${PROJECT_VERSION}
                     -DAPP_ID=${GS_APP_ID} -P ${GS_PACKAGING_TESTS}/check-deb.cmake)
    set_tests_properties(packaging.cpack PROPERTIES
        LABELS packaging FIXTURES_SETUP gs_deb RESOURCE_LOCK gs_deb_dir TIMEOUT 300)
    set_tests_properties(packaging.deb_installs_and_runs PROPERTIES
        LABELS packaging FIXTURES_REQUIRED gs_deb RESOURCE_LOCK gs_deb_dir TIMEOUT 120)
endif()
