# CPack: a .deb for Debian 12 (see packaging/README.md).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gatescope)
set(CPACK_PACKAGE_CONTACT "Gatescope developers <dev@gatescope.invalid>")
include(CPack)
