# Debian packages (CPack): come-on-in-kiosk and come-on-in-content, one per install
# component. scripts/build-deb configures with CMAKE_INSTALL_PREFIX=/usr and runs cpack;
# the .debs land in out/. Depends are Debian 12 package names, listed by hand so they read
# plainly; tests/package checks them against the binaries' NEEDED libraries.
include(GNUInstallDirs)

set(COI_DEB_DIR ${CMAKE_CURRENT_LIST_DIR})

# Units to /usr/lib/systemd/system (Debian 12 reads both /lib and /usr/lib).
install(FILES ${COI_SOURCE_DIR}/config/systemd/kiosk.service DESTINATION lib/systemd/system COMPONENT kiosk)
install(FILES ${COI_SOURCE_DIR}/config/systemd/kiosk-content.service DESTINATION lib/systemd/system COMPONENT content)
# The config the units read (conffiles: an upgrade keeps the installer's edits), and the
# fully commented examples next to the docs.
install(FILES ${COI_DEB_DIR}/kiosk.toml DESTINATION /etc/come-on-in COMPONENT kiosk)
install(FILES ${COI_DEB_DIR}/kiosk-content.toml DESTINATION /etc COMPONENT content)
install(FILES ${COI_SOURCE_DIR}/config/kiosk.example.toml DESTINATION share/doc/come-on-in-kiosk/examples COMPONENT kiosk)
install(FILES ${COI_SOURCE_DIR}/docs/raspberry-pi.md DESTINATION share/doc/come-on-in-kiosk COMPONENT kiosk OPTIONAL)
install(FILES ${COI_SOURCE_DIR}/config/kiosk-content.example.toml ${COI_SOURCE_DIR}/config/nginx-kiosk-content.conf
              ${COI_SOURCE_DIR}/config/nginx-nchan-subscribe.conf ${COI_SOURCE_DIR}/config/nginx-nchan-publish.conf
        DESTINATION share/doc/come-on-in-content/examples COMPONENT content)
install(FILES ${COI_SOURCE_DIR}/docs/content-server.md DESTINATION share/doc/come-on-in-content COMPONENT content)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME come-on-in)
set(CPACK_PACKAGE_VENDOR "Come On In")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Come On In maintainers <maintainers@come-on-in.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL kiosk content)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_STRIP_FILES ON)                       # a Pi's SD card need not carry debug info
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)          # come-on-in-kiosk_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/come-on-in/come-on-in")
if(NOT CPACK_DEBIAN_PACKAGE_ARCHITECTURE)
  # scripts/build-deb --arch arm64 passes -DCPACK_DEBIAN_PACKAGE_ARCHITECTURE=arm64
  execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME come-on-in-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION misc)
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "Come On In kiosk: signage and visitor check-in for a community building
The on-site app for a reception or cafe screen on a Raspberry Pi and a TV: what's on today,
cafe specials, notices, and check-in and out with a few taps. Runs from its own copy of the
content (a built-in demo building until paired with a come-on-in-content server), straight
on the display through KMS/DRM with no desktop, as the systemd service kiosk.service.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
  "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1, libsdl2-2.0-0 (>= 2.26), libsdl2-image-2.0-0 (>= 2.6), \
libfreetype6 (>= 2.12), libcurl4 (>= 7.88), libsqlite3-0 (>= 3.40), libsodium23 (>= 1.0.18), libical3 (>= 3.0.16), \
libqrencode4 (>= 4.1), libx11-6, libespeak-ng1 (>= 1.51), libstb0, libtomlplusplus3 (>= 3.3), libsystemd0, \
fonts-noto-core | fonts-dejavu-core, fonts-dejavu-core, adduser")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "v4l-utils")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  ${COI_DEB_DIR}/kiosk/postinst ${COI_DEB_DIR}/kiosk/prerm ${COI_DEB_DIR}/kiosk/postrm ${COI_DEB_DIR}/kiosk/conffiles)
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

set(CPACK_DEBIAN_CONTENT_PACKAGE_NAME come-on-in-content)
set(CPACK_DEBIAN_CONTENT_PACKAGE_SECTION web)
set(CPACK_COMPONENT_CONTENT_DESCRIPTION "Come On In content service: web admin and signed feeds for kiosks
kiosk-content keeps every building's events, notices and cafe specials in SQLite, serves the
coordinators' web admin, and hands each paired screen a signed feed. Runs as the hardened
systemd service kiosk-content.service on 127.0.0.1:8080, behind nginx for TLS.")
set(CPACK_DEBIAN_CONTENT_PACKAGE_DEPENDS
  "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1, libsqlite3-0 (>= 3.40), libsodium23 (>= 1.0.18), libical3 (>= 3.0.16), \
libcpp-httplib0.11, libtomlplusplus3 (>= 3.3), libjpeg62-turbo (>= 1:2.1), libpng16-16 (>= 1.6.39), libwebp7 (>= 1.2.4), \
libheif1 (>= 1.15), libexif12 (>= 0.6.24), libcurl4 (>= 7.88), adduser")
set(CPACK_DEBIAN_CONTENT_PACKAGE_SUGGESTS "nginx-light | nginx")
set(CPACK_DEBIAN_CONTENT_PACKAGE_CONTROL_EXTRA
  ${COI_DEB_DIR}/content/postinst ${COI_DEB_DIR}/content/prerm ${COI_DEB_DIR}/content/postrm ${COI_DEB_DIR}/content/conffiles)
set(CPACK_DEBIAN_CONTENT_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
