# Installation layout and the Debian package (cpack -G DEB). Included once from the top-level
# CMakeLists.txt, after the targets exist.
#
#   cmake --install build --prefix P   P/bin/dplab, P/bin/dplab-cli, P/share/dplab/scenarios/
#                                      (lessons, README.md, schema.json), the desktop entry,
#                                      the icon (scalable + 256x256), and the user manual
#                                      in P/share/doc/dplab/
#   cd build && cpack -G DEB           dplab_<version>_amd64.deb (Depends from dpkg-shlibdeps)

include(GNUInstallDirs)

install(TARGETS dplab dplab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The lessons, for dplab-cli and for opening from the file dialog (the app also embeds them).
file(GLOB DPLAB_INSTALL_LESSONS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.json)
install(FILES ${DPLAB_INSTALL_LESSONS} ${PROJECT_SOURCE_DIR}/scenarios/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/dplab/scenarios)

# The user manual (the developer docs stay with the sources).
install(FILES ${PROJECT_SOURCE_DIR}/docs/desktop-app.md ${PROJECT_SOURCE_DIR}/docs/cli.md
              ${PROJECT_SOURCE_DIR}/docs/semantics.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

install(FILES ${PROJECT_SOURCE_DIR}/resources/dplab.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/dplab.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# Rendered from dplab.svg (rsvg-convert -w 256 -h 256), for menus that want a bitmap.
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/dplab-256.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps RENAME dplab.png)

# The desktop entry is checked by the tool the desktops' menus follow, when it is installed.
if(DPLAB_BUILD_TESTS)
  # --help must name every command and every option the sources parse ("--name" literals).
  file(GLOB cli_sources ${PROJECT_SOURCE_DIR}/app/cli/*.cpp)
  set(cli_words validate run compare bench fingerprint Exit Examples)
  foreach(source ${cli_sources})
    file(STRINGS ${source} lines REGEX "\"--[a-z][a-z-]*\"")
    string(REGEX MATCHALL "\"--[a-z][a-z-]*\"" options "${lines}")
    string(REPLACE "\"" "" options "${options}")
    list(APPEND cli_words ${options})
  endforeach()
  list(REMOVE_DUPLICATES cli_words)
  add_test(NAME packaging.cli_help
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:dplab-cli> "-DWORDS=${cli_words}"
                   -P ${PROJECT_SOURCE_DIR}/cmake/CheckHelp.cmake)
  add_test(NAME packaging.gui_help
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:dplab>
                   "-DWORDS=--speed;--select;--screenshot;--after;--rewind;--help;--version;Examples"
                   -P ${PROJECT_SOURCE_DIR}/cmake/CheckHelp.cmake)
  # No QT_QPA_PLATFORM here: --help must work without a display.
  set_tests_properties(packaging.gui_help PROPERTIES ENVIRONMENT "DISPLAY=;WAYLAND_DISPLAY=")
  find_program(DPLAB_DESKTOP_FILE_VALIDATE desktop-file-validate)
  if(DPLAB_DESKTOP_FILE_VALIDATE)
    add_test(NAME packaging.desktop_file
             COMMAND ${DPLAB_DESKTOP_FILE_VALIDATE} ${PROJECT_SOURCE_DIR}/resources/dplab.desktop)
  endif()
endif()

set(CPACK_PACKAGE_NAME dplab)
set(CPACK_PACKAGE_VENDOR "Data Patterns Lab")
set(CPACK_PACKAGE_CONTACT "Data Patterns Lab maintainers <dplab@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "simulator of how microservices manage their data")
set(CPACK_PACKAGE_DESCRIPTION
    "Data Patterns Lab runs virtual services, each with its own real SQLite database, that
exchange requests and events over a message bus whose latency, drops, duplicates,
partitions and crashes you control. It shows database per service, API composition,
replication, CQRS, the transactional outbox, idempotent consumers, event sourcing, sagas
and two-phase commit as animation, numbers and charts, deterministically, with a timeline
that steps back through the run. Includes the desktop app (dplab), a headless tool
(dplab-cli) and the lessons.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://example.org/dplab")
set(CPACK_PACKAGE_INSTALL_DIRECTORY dplab)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # dplab_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps finds every library; on Debian 12 the plugins Qt loads at run time (the xcb
# platform, the SVG icon engine) ship inside libqt6gui6 and libqt6svg6, which it lists.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
include(CPack)
