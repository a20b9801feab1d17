#!/usr/bin/env bash
# check_schema.sh SOURCE_DIR: scenarios/schema.json against ajv (npm ajv-cli) in strict mode.
#   - the schema compiles with --strict=true (draft 2020-12);
#   - every lesson, every good fixture and every fingerprint fixture validates;
#   - every bad fixture listed in tests/tools/schema_rejects.txt is rejected (the others break
#     rules only the loader can check).
# ajv is found on PATH or in $AJV. Without it the script exits 77, which CTest reports as
# skipped (test "schema.ajv"). To run it: npm install ajv-cli; AJV=node_modules/.bin/ajv.
set -uo pipefail
src=${1:-$(dirname "$0")/../..}
ajv=${AJV:-$(command -v ajv || true)}
if [ -z "$ajv" ] || [ ! -x "$ajv" ]; then
    echo "ajv not found (npm install ajv-cli, then AJV=.../ajv): skipped"
    exit 77
fi
schema=$src/scenarios/schema.json
opts=(--spec=draft2020 --strict=true -s "$schema")
failed=0
if ! "$ajv" compile "${opts[@]}"; then
    echo "FAIL: the schema does not compile in strict mode"
    exit 1
fi
# One ajv process per group (node starts in about a second): it prints "FILE valid" or
# "FILE invalid" (then the errors) for each -d FILE.
good=()
for f in "$src"/scenarios/*.json "$src"/tests/data/good/*.json "$src"/tests/data/fingerprint/*.json; do
    [ "$f" != "$schema" ] && good+=(-d "$f")
done
out=$("$ajv" validate "${opts[@]}" "${good[@]}" 2>&1)
valid=$(grep -c ' valid$' <<<"$out")
if [ "$valid" -ne $((${#good[@]} / 2)) ]; then
    echo "FAIL: these should validate:"
    grep -A30 ' invalid$' <<<"$out"
    failed=1
fi
bad=()
while read -r name; do
    case $name in '#'* | '') continue ;; esac
    f=$src/tests/data/bad/$name.json
    if [ ! -f "$f" ]; then
        echo "FAIL: schema_rejects.txt names $name, which is not in tests/data/bad"
        failed=1
    else
        bad+=(-d "$f")
    fi
done <"$src/tests/tools/schema_rejects.txt"
out=$("$ajv" validate "${opts[@]}" "${bad[@]}" 2>&1)
if grep ' valid$' <<<"$out"; then
    echo "FAIL: the schema should reject the files above"
    failed=1
fi
echo "schema compiles strictly; $valid files validate; $(grep -c ' invalid$' <<<"$out") bad fixtures rejected"
exit $failed
