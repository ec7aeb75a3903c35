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
