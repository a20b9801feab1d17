#!/usr/bin/env bash
# Data Patterns Lab: install what is missing, build, and run the app or the tests.
#
#   ./setup.sh run     install, build (Release) and start on the default lesson
#   ./setup.sh test    install, build (Release) and run every test
#   ./setup.sh sanitize  the same with AddressSanitizer and UBSan, in build-asan
#   ./setup.sh fuzz [S]  install clang, build the fuzzers (build-fuzz), run each S seconds (60)
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
          qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libgl1-mesa-dev
          libsqlite3-dev sqlite3 nlohmann-json3-dev
          xvfb xauth fonts-dejavu-core)

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}" "$@"; do
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

# Hardening (README "Hardening"): -O1 keeps gcc's sanitizer build and the suite quick; asserts stay
# on. LeakSanitizer ignores only the third-party leaks listed in .ci/lsan.supp. The random fault
# schedules run 100 per family here (the ordinary suite runs 500): under the sanitizers they are
# five times slower and would take most of the time.
sanitize() {
    local dir=${ASAN_BUILD_DIR:-build-asan}
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
          -DDPLAB_SANITIZE=address,undefined -DDPLAB_WERROR=ON
    cmake --build "$dir" -j"$JOBS"
    ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_string_checks=1 \
    LSAN_OPTIONS=suppressions="$PWD/.ci/lsan.supp":print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 DPLAB_SCHEDULES=${DPLAB_SCHEDULES:-100} \
        ctest --test-dir "$dir" --output-on-failure -j"$JOBS"
}

# libFuzzer targets (tests/fuzz): seeded with every lesson and fixture; what they find new is
# kept in build-fuzz/corpus, failing inputs in build-fuzz/crashes. A finding fails.
fuzz() {
    local secs=${1:-60} dir=${FUZZ_BUILD_DIR:-build-fuzz} t
    cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DDPLAB_FUZZ=ON \
          -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DDPLAB_WERROR=ON
    cmake --build "$dir" -j"$JOBS" --target fuzz_trace fuzz_scenario fuzz_runfile
    for t in scenario runfile trace; do
        local seeds=(scenarios tests/data/bad tests/data/good tests/fuzz/corpus/runfile) dict=scenario
        [ "$t" = trace ] && seeds=(tests/fuzz/corpus/trace) dict=trace
        mkdir -p "$dir/corpus/$t" "$dir/crashes/$t" "tests/fuzz/regressions/$t"
        echo "== fuzz_$t for ${secs}s"
        "$dir/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
            -dict="tests/fuzz/$dict.dict" -artifact_prefix="$dir/crashes/$t/" -print_final_stats=1 \
            "$dir/corpus/$t" "${seeds[@]}" "tests/fuzz/regressions/$t"
    done
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
    sanitize)
        install_missing
        sanitize
        ;;
    fuzz)
        install_missing clang-14 libclang-rt-14-dev
        fuzz "${2:-60}"
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
