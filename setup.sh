#!/usr/bin/env bash
# Data Patterns Lab: install what is missing, build, and run the app or the tests.
#
#   ./setup.sh run     install, build (Release) and start on the default lesson
#   ./setup.sh test    install, build (Release) and run every test
#   ./setup.sh deps    only install the missing Debian packages
#   ./setup.sh build   only build
#   ./setup.sh package build, then check the install and the .deb (.ci/package-check)
#
# Works on Debian 12 as root or as a user with sudo. BUILD_DIR overrides the build folder.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
PACKAGES=(build-essential cmake pkg-config
          qt6-base-dev qt6-charts-dev qt6-svg-dev libgl1-mesa-dev
          libsqlite3-dev sqlite3 nlohmann-json3-dev
          xvfb xauth fonts-dejavu-core)

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    # DPLAB_WERROR is passed only when set (the tests set it), so "run" after "test" reuses the
    # same build instead of reconfiguring and rebuilding everything.
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release ${DPLAB_WERROR:+-DDPLAB_WERROR="$DPLAB_WERROR"}
    cmake --build "$BUILD_DIR" -j"$JOBS"
}

run_app() {
    if [ -x "$BUILD_DIR/app/gui/dplab" ]; then
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
            echo "No display found: starting the app under xvfb-run (offscreen)."
            exec xvfb-run -a "$BUILD_DIR/app/gui/dplab" "$@"
        fi
        exec "$BUILD_DIR/app/gui/dplab" "$@"
    fi
    # Until the desktop app lands, the default lesson runs in the headless CLI.
    exec "$BUILD_DIR/app/cli/dplab-cli" run scenarios/queue-lab.json --out "$BUILD_DIR/out/queue-lab" "$@"
}

case "${1:-}" in
    run)
        shift
        install_missing
        build
        run_app "$@"
        ;;
    test)
        install_missing
        DPLAB_WERROR=${DPLAB_WERROR:-ON} build
        ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS"
        ;;
    deps)
        install_missing
        ;;
    build)
        install_missing
        build
        ;;
    package)
        PACKAGES+=(dpkg-dev desktop-file-utils)
        install_missing
        build
        .ci/package-check "$BUILD_DIR"
        ;;
    *)
        sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//' # the comment at the top
        exit 2
        ;;
esac
