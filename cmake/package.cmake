# The Debian package (`cpack -G DEB` in a build tree): the stripped binary,
# man pages, shell completions, the example config, the systemd units of
# contrib/systemd as examples (they need a user, a root key and the node's
# network first: their header says how, then they are copied to
# /etc/systemd/system; nothing is enabled by installing), copyright and changelog,
# with dependencies computed by dpkg-shlibdeps. Debian policy wants man pages
# and the changelog gzipped with no timestamp (gzip -n), so the build writes
# those copies.
set(LNSTORE_PKG_DIR ${CMAKE_BINARY_DIR}/package)
set(LNSTORE_MAN_GZ "")
foreach(page IN LISTS LNSTORE_MAN1)
  get_filename_component(name ${page} NAME)
  list(APPEND LNSTORE_MAN_GZ ${LNSTORE_PKG_DIR}/man/${name}.gz)
  add_custom_command(
    OUTPUT ${LNSTORE_PKG_DIR}/man/${name}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${LNSTORE_PKG_DIR}/man
    COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" sh ${page} ${LNSTORE_PKG_DIR}/man/${name}.gz
    DEPENDS ${page}
    VERBATIM)
endforeach()
add_custom_command(
  OUTPUT ${LNSTORE_PKG_DIR}/changelog.gz
  COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" sh ${CMAKE_SOURCE_DIR}/packaging/changelog ${LNSTORE_PKG_DIR}/changelog.gz
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/changelog
  VERBATIM)
add_custom_target(lnstore_package_files ALL DEPENDS ${LNSTORE_MAN_GZ} ${LNSTORE_PKG_DIR}/changelog.gz)

install(FILES ${LNSTORE_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/examples/config.toml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
file(GLOB LNSTORE_SYSTEMD_UNITS ${CMAKE_SOURCE_DIR}/contrib/systemd/*.service ${CMAKE_SOURCE_DIR}/contrib/systemd/*.timer)
install(FILES ${LNSTORE_SYSTEMD_UNITS} DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/systemd)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${LNSTORE_PKG_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lnstore)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "The lnstore developers <lnstore@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "manage lnd watchtower-client state, channels and channel backups")
set(CPACK_PACKAGE_DESCRIPTION "lnstore keeps the state that keeps a Lightning node's funds safe in one\nSQLite file: watchtower-client towers, sessions and updates, channel\nstate, and static channel backups in lnd's exact channel.backup format.\nIt imports lnd's own databases read-only and prints JSON for scripts.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libpq is loaded only to read a PostgreSQL source (core/lndsql/libpq_loader.cpp).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS libpq5)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_THREADS 1)
include(CPack)
