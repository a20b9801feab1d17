#!/usr/bin/env bash
# Data Patterns Lab: install what is missing, build, and run the app or the tests.
#
#   ./setup.sh run     install, build (Release) and start on the default lesson
#   ./setup.sh test    install, build (Release) and run every test
#   ./setup.sh sanitize  every test again under AddressSanitizer and UBSan (clang, build-asan)
#   ./setup.sh fuzz [S]  the libFuzzer targets of that same build, each for S seconds (60)
#   ./setup.sh lint    check that every source file is formatted as .clang-format says
#   ./setup.sh deps    only install the missing Debian packages
#   ./setup.sh build   only build
#   ./setup.sh package build, then check the install and the .deb (.ci/package-check)
#
# Works on Debian 12 as root or as a user with sudo. BUILD_DIR overrides the build folder.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
PACKAGES=(build-essential cmake ninja-build pkg-config
          qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libgl1-mesa-dev
          libsqlite3-dev sqlite3 nlohmann-json3-dev
          # FFmpeg's libraries: --export video (MP4 by libx264, GIF through libavfilter's
          # palettegen/paletteuse); ffmpeg brings ffprobe, which the video tests read files with
          libavcodec-dev libavformat-dev libswscale-dev libavutil-dev libavfilter-dev ffmpeg
          xvfb xauth fonts-dejavu-core
          python3   # the trace-flow checker of the suite (tests/tools/check_trace_flows.py)
          parallel) # GNU parallel: the suite's sharded sweep (tests/tools/sweep_parallel.sh)

# phase NAME COMMAND...: runs it and prints how long it took (CI reads where its time goes).
phase() {
    local name=$1 t=$SECONDS
    shift
    "$@"
    echo "-- setup.sh $name: $((SECONDS - t)) s"
}

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

# Ninja for a new build folder; one configured before keeps its generator.
generator() {
    [ -f "$1/CMakeCache.txt" ] || echo "-GNinja"
}

build() {
    # DPLAB_WERROR is passed only when set (the tests set it), so "run" after "test" reuses the
    # same build instead of reconfiguring and rebuilding everything.
    cmake -S . -B "$BUILD_DIR" $(generator "$BUILD_DIR") -DCMAKE_BUILD_TYPE=Release \
          ${DPLAB_WERROR:+-DDPLAB_WERROR="$DPLAB_WERROR"}
    cmake --build "$BUILD_DIR" -j"$JOBS"
}

# Hardening (docs/developing.md, "Hardening"): one clang-14 build serves both the sanitized suite
# and the fuzzers: AddressSanitizer and UBSan everywhere, plus libFuzzer's coverage in the
# GUI-free libraries the fuzzers reach (cmake/Sanitizers.cmake), so CI compiles the project
# twice, not three times. -O1 keeps it quick; asserts stay on. LeakSanitizer ignores only the
# third-party leaks listed in .ci/lsan.supp.
# llvm-14 brings llvm-symbolizer: without it a sanitizer's report has addresses, no lines.
HARDENING_PACKAGES=(clang-14 libclang-rt-14-dev llvm-14)
hardening_build() {
    local dir=${ASAN_BUILD_DIR:-build-asan}
    export PATH=/usr/lib/llvm-14/bin:$PATH # llvm-symbolizer, for the tests and fuzzers after it
    cmake -S . -B "$dir" $(generator "$dir") -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
          -DDPLAB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
          -DDPLAB_WERROR=ON
    cmake --build "$dir" -j"$JOBS" "$@"
}

# The random fault schedules run 50 per family here (the ordinary suite runs 500): under the
# sanitizers they are five times slower and would take most of the time.
sanitize() {
    local dir=${ASAN_BUILD_DIR:-build-asan}
    phase build hardening_build
    phase tests env ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_string_checks=1 \
    LSAN_OPTIONS=suppressions="$PWD/.ci/lsan.supp":print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 DPLAB_SCHEDULES=${DPLAB_SCHEDULES:-50} \
        ctest --test-dir "$dir" --output-on-failure -j"$JOBS"
}

# libFuzzer targets (tests/fuzz): seeded with every lesson and fixture; what they find new is
# kept in build-asan/corpus, failing inputs in build-asan/crashes. A finding fails.
fuzz() {
    local secs=${1:-60} dir=${ASAN_BUILD_DIR:-build-asan} t
    hardening_build --target fuzz_trace fuzz_scenario fuzz_runfile
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

# Every C++ source of ours, formatted as .clang-format says (clang-format-14; CI runs this).
# To format: clang-format-14 -i $(find app simulation patterns tests -name '*.cpp' -o -name '*.h')
lint() {
    local files
    mapfile -t files < <(find app simulation patterns tests \( -name '*.cpp' -o -name '*.h' \) | sort)
    clang-format-14 --dry-run --Werror "${files[@]}"
    echo "clang-format-14: ${#files[@]} files formatted as .clang-format says"
}

run_app() {
    local app="$BUILD_DIR/app/gui/dplab"
    [ -x "$app" ] || { echo "setup.sh: the build made no $app" >&2; exit 1; }
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "No display found: starting the app under xvfb-run (offscreen)."
        exec xvfb-run -a "$app" "$@"
    fi
    exec "$app" "$@"
}

case "${1:-}" in
    run)
        shift
        install_missing
        build
        run_app "$@"
        ;;
    test)
        phase install install_missing
        DPLAB_WERROR=${DPLAB_WERROR:-ON} phase build build
        phase tests ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS"
        ;;
    sanitize)
        phase install install_missing "${HARDENING_PACKAGES[@]}"
        sanitize
        ;;
    fuzz)
        install_missing "${HARDENING_PACKAGES[@]}"
        fuzz "${2:-60}"
        ;;
    lint)
        PACKAGES=(clang-format-14)
        install_missing
        lint
        ;;
    deps)
        install_missing
        ;;
    build)
        install_missing
        build
        ;;
    package)
        PACKAGES+=(dpkg-dev desktop-file-utils file) # file: CPack DEB's dpkg-shlibdeps step
        install_missing
        build
        .ci/package-check "$BUILD_DIR"
        ;;
    *)
        sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//' # the comment at the top
        exit 2
        ;;
esac
