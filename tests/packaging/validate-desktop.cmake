# cmake -DVALIDATOR=desktop-file-validate -DFILE=x.desktop -P validate-desktop.cmake
# Fails on a non-zero exit and on any message (desktop-file-validate exits 0 on warnings and hints).
execute_process(COMMAND ${VALIDATOR} ${FILE} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "")
    message(FATAL_ERROR "desktop-file-validate ${FILE} (exit ${rc}):\n${out}")
endif()
message(STATUS "${FILE}: valid")
