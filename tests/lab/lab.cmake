# The practice lab in the Debian layout: the distribution's own nginx and PHP-FPM files and
# default paths (/etc/nginx, /etc/php/8.2/fpm), put back as they were by lab.debian.stop.
# Root only: without root, start and smoke exit 77 and ctest reports them as skipped.
# Included at the end of tests/CMakeLists.txt (GS_LAB is defined there).
set(GS_LAB_DEBIAN_DIR ${CMAKE_BINARY_DIR}/lab-debian
    CACHE PATH "Where the Debian-layout lab keeps its state while tests run")

add_test(NAME lab.debian.start COMMAND ${GS_LAB} start --dir ${GS_LAB_DEBIAN_DIR} --layout debian)
add_test(NAME lab.debian.smoke COMMAND ${GS_LAB} selftest --dir ${GS_LAB_DEBIAN_DIR} --require-root)
add_test(NAME lab.debian.stop COMMAND ${GS_LAB} stop --dir ${GS_LAB_DEBIAN_DIR})

# RESOURCE_LOCK keeps these apart from the integration tests; DEPENDS lab.stop makes ctest start
# the Debian lab only after the prefix lab is gone when both are selected.
set_tests_properties(lab.debian.start PROPERTIES FIXTURES_SETUP labdebian LABELS integration
    RESOURCE_LOCK lab SKIP_RETURN_CODE 77 DEPENDS lab.stop TIMEOUT 120)
set_tests_properties(lab.debian.smoke PROPERTIES FIXTURES_REQUIRED labdebian LABELS integration
    RESOURCE_LOCK lab SKIP_RETURN_CODE 77 TIMEOUT 300)
set_tests_properties(lab.debian.stop PROPERTIES FIXTURES_CLEANUP labdebian LABELS integration
    RESOURCE_LOCK lab TIMEOUT 120)

# The app behind an upstream as a SysV service (ActionsTest.AppDownAsService_*) in the Debian
# layout as well: break app_down, diagnose, `service restart`, audit, report. Root only, like
# the fixture: without root it says so and exits 77 (skipped), never a silent pass.
add_test(NAME lab.debian.actions
    COMMAND sh -c [=[[ "$(id -u)" -eq 0 ] || { echo "SKIP: the Debian-layout lab runs only as root"; exit 77; }; exec "$@"]=]
        sh $<TARGET_FILE:gatescope-integration-tests> --gtest_filter=ActionsTest.AppDownAsService_*)
set_tests_properties(lab.debian.actions PROPERTIES FIXTURES_REQUIRED labdebian LABELS integration
    RESOURCE_LOCK lab SKIP_RETURN_CODE 77 TIMEOUT 300 ENVIRONMENT "GS_LAB_DIR=${GS_LAB_DEBIAN_DIR}")

# An invalid pool file keeps FPM down (CausesTest.FpmConfigInvalid_*): in the Debian layout the
# pool lives where php-fpm -t finds it with FPM down, so the invalid file is named first.
add_test(NAME lab.debian.causes
    COMMAND sh -c [=[[ "$(id -u)" -eq 0 ] || { echo "SKIP: the Debian-layout lab runs only as root"; exit 77; }; exec "$@"]=]
        sh $<TARGET_FILE:gatescope-integration-tests> --gtest_filter=CausesTest.FpmConfigInvalid_*)
set_tests_properties(lab.debian.causes PROPERTIES FIXTURES_REQUIRED labdebian LABELS integration
    RESOURCE_LOCK lab SKIP_RETURN_CODE 77 TIMEOUT 300 ENVIRONMENT "GS_LAB_DIR=${GS_LAB_DEBIAN_DIR}")

# Whole-tree snapshots (SnapshotTest.*) against /etc/nginx and /etc/php/8.2/fpm: take, restore byte
# for byte, refuse a snapshot that does not validate, roll back one that breaks the site.
add_test(NAME lab.debian.snapshots
    COMMAND sh -c [=[[ "$(id -u)" -eq 0 ] || { echo "SKIP: the Debian-layout lab runs only as root"; exit 77; }; exec "$@"]=]
        sh $<TARGET_FILE:gatescope-integration-tests> --gtest_filter=SnapshotTest.*)
set_tests_properties(lab.debian.snapshots PROPERTIES FIXTURES_REQUIRED labdebian LABELS integration
    RESOURCE_LOCK lab SKIP_RETURN_CODE 77 TIMEOUT 600 ENVIRONMENT "GS_LAB_DIR=${GS_LAB_DEBIAN_DIR}")
