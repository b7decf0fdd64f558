# Cross-compiling for 64-bit ARM (Raspberry Pi 4/5 with 64-bit Raspberry Pi OS or Debian 12)
# on a Debian 12 PC with multiarch. scripts/build-deb --arch arm64 uses it; scripts/setup-cross
# installs what it expects:
#   - crossbuild-essential-arm64: aarch64-linux-gnu-gcc/g++ and their binutils (strip for cpack);
#   - the :arm64 -dev packages that co-install with the :amd64 ones, in /usr/lib/aarch64-linux-gnu;
#   - COI_CROSS_SYSROOT: a directory holding the few :arm64 -dev packages that cannot be
#     installed next to their :amd64 twins (libical-dev pulls libdb5.3-dev, which is not
#     Multi-Arch), unpacked with dpkg-deb -x. Default: <build dir>/sysroot.
# Usage: cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
#        [-DCOI_CROSS_SYSROOT=DIR]
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(COI_CROSS_TRIPLET aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${COI_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${COI_CROSS_TRIPLET}-g++)
# Debian's multiarch directory for this target; find_library looks in /usr/lib/<it>.
set(CMAKE_LIBRARY_ARCHITECTURE ${COI_CROSS_TRIPLET})

if(NOT COI_CROSS_SYSROOT)
  if(DEFINED ENV{COI_CROSS_SYSROOT})
    set(COI_CROSS_SYSROOT "$ENV{COI_CROSS_SYSROOT}")
  else()
    set(COI_CROSS_SYSROOT "${CMAKE_BINARY_DIR}/sysroot")
  endif()
endif()
set(COI_CROSS_SYSROOT "${COI_CROSS_SYSROOT}" CACHE PATH "Unpacked :arm64 -dev packages that cannot be co-installed")
# try_compile projects read this file again: hand them the same sysroot.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES COI_CROSS_SYSROOT)

# Libraries, headers and CMake packages come from the sysroot first, then from the machine's
# own /usr (where multiarch keeps the arm64 libraries apart from the amd64 ones in
# /usr/lib/aarch64-linux-gnu); programs (cmake -P, pkg-config) are the build machine's.
set(CMAKE_FIND_ROOT_PATH "${COI_CROSS_SYSROOT}" /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config answers for aarch64: Debian's aarch64-linux-gnu-pkg-config (pkgconf with the
# target's system directories), reading only the target's .pc files: the sysroot's (whose
# prefix scripts/setup-cross rewrites to point into the sysroot), then multiarch's.
# PKG_CONFIG_LIBDIR replaces the default search path, so an amd64 .pc can never answer.
set(PKG_CONFIG_EXECUTABLE /usr/bin/${COI_CROSS_TRIPLET}-pkg-config CACHE FILEPATH "pkg-config for the target")
set(ENV{PKG_CONFIG_LIBDIR}
    "${COI_CROSS_SYSROOT}/usr/lib/${COI_CROSS_TRIPLET}/pkgconfig:/usr/lib/${COI_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig")
unset(ENV{PKG_CONFIG_PATH})
unset(ENV{PKG_CONFIG_SYSROOT_DIR})

# The sysroot's shared libraries link against ones that multiarch installed (libical3 needs
# libicu72): let the linker follow NEEDED entries into both places.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-Wl,-rpath-link,${COI_CROSS_SYSROOT}/usr/lib/${COI_CROSS_TRIPLET} -Wl,-rpath-link,/usr/lib/${COI_CROSS_TRIPLET}")

# Anything the build runs for the target (none today: content/sample embeds with cmake -P on
# the build machine) runs through qemu-user.
find_program(COI_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(COI_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${COI_QEMU_AARCH64})
endif()
