# The desktop integration files and their installed names; used by packaging.cmake and the tests.
set(GS_APP_ID io.github.gatescope.Gatescope)
set(GS_DESKTOP_FILE ${PROJECT_SOURCE_DIR}/resources/${GS_APP_ID}.desktop)
set(GS_METAINFO_FILE ${PROJECT_SOURCE_DIR}/resources/${GS_APP_ID}.metainfo.xml)
set(GS_ICON_FILE ${PROJECT_SOURCE_DIR}/resources/icons/gatescope.svg)
