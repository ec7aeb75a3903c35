# Packaging: desktop integration files and CPack's .deb for Debian 12.
#
#   cmake --preset release && cmake --build --preset release
#   cd build/release && cpack            # -> gatescope_<version>-1_<arch>.deb
#
# The executables install to bin through their own install() rules (gui/, cli/). The release preset
# sets CMAKE_INSTALL_PREFIX=/usr, which is also where the .deb puts them.
include(GNUInstallDirs)

include(${CMAKE_CURRENT_LIST_DIR}/desktop-files.cmake)

if(GS_BUILD_GUI)
    install(FILES ${GS_DESKTOP_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${GS_METAINFO_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${GS_ICON_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME ${GS_APP_ID}.svg)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gatescope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Gatescope developers")
set(CPACK_PACKAGE_CONTACT "Gatescope developers <dev@gatescope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
# Debian packages ship stripped binaries; it also keeps the package (and the packaging test) small.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# dpkg-shlibdeps (package dpkg-dev) derives Depends from the libraries the binaries link: Qt 6,
# libssh, QtKeychain. The xcb platform plugin Qt loads at run time is in libqt6gui6, the SVG icon
# engine in libqt6svg6, both already among them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Gatescope itself speaks SSH through libssh; the OpenSSH client is what users reach for beside it
# (ssh-keygen, ssh-agent, ~/.ssh/config).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssh-client")
# The extended description; the synopsis line is CPACK_PACKAGE_DESCRIPTION_SUMMARY.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Gatescope diagnoses why nginx answers 502 Bad Gateway or 504 Gateway Timeout.
It reaches servers over plain SSH and installs nothing on them. It runs a
diagnostic checklist on nginx, PHP-FPM and the upstream applications, explains
each finding with the log lines that prove it and what to do, charts error
rates from the access logs, and edits nginx and PHP-FPM configuration safely
(diff, backup, validation, reload, health check, automatic rollback).
.
This package contains the desktop app (gatescope) and the command line tool
(gatescope-cli).")

include(CPack)
