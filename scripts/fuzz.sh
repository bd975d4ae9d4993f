#!/usr/bin/env bash
# Fuzz every target of fuzz/ (cargo-fuzz, libFuzzer) for SECONDS_PER_TARGET seconds each.
#
#   scripts/fuzz.sh              # 60 s per target
#   scripts/fuzz.sh 10           # short mode, for CI
#   scripts/fuzz.sh 300 summarize sentences   # only some targets
#
# Seeds: every paragraph of seeds/*.txt, and every whole file, written to
# fuzz/corpus/<target>/ at run time (libFuzzer adds what it finds there too). Exits non-zero
# if any target crashes, leaks or times out, and prints the artifact to reproduce it with:
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<crash-file>
#
# Environment: FUZZ_TOOLCHAIN (default nightly), FUZZ_MAX_LEN (default 4096 bytes),
# FUZZ_TIMEOUT (seconds per input before libFuzzer reports a hang, default 20),
# FUZZ_NICE (niceness of build and runs, default 19).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${1:-60}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
fi
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
max_len="${FUZZ_MAX_LEN:-4096}"
timeout="${FUZZ_TIMEOUT:-20}"
niceness="${FUZZ_NICE:-19}"
run() { nice -n "$niceness" "$@"; }

if ! cargo +"$toolchain" fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cd fuzz && cargo +"$toolchain" fuzz list)
fi

echo "== building ${targets[*]}"
(cd fuzz && run cargo +"$toolchain" fuzz build -O)

# Seed corpus: each paragraph of each seed text, and each whole text. Targets that read an
# options byte first get a different one per seed, so that seeds reach several settings.
seed_corpus() {
    local dir="$1" n=0 file paragraph
    mkdir -p "$dir"
    shopt -s nullglob
    for file in seeds/*.txt; do
        printf '\x00' >"$dir/seed-$(basename "$file" .txt)-whole"
        cat "$file" >>"$dir/seed-$(basename "$file" .txt)-whole"
        while IFS= read -r -d $'\x1e' paragraph; do
            [ -n "$paragraph" ] || continue
            n=$((n + 1))
            # shellcheck disable=SC2059
            printf "\\x$(printf '%02x' $((n * 37 % 256)))%s" "$paragraph" \
                >"$dir/seed-$(basename "$file" .txt)-p$n"
        done < <(awk 'BEGIN { RS = ""; ORS = "\036" } { print }' "$file")
    done
}

failed=()
mkdir -p fuzz/logs
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    seed_corpus "$corpus"
    log="fuzz/logs/$target.log"
    echo "== fuzzing $target for ${seconds}s (log: $log)"
    status=0
    (cd fuzz && run cargo +"$toolchain" fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" \
        -print_final_stats=1) >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" || true
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        echo "!! $target failed (exit $status):"
        grep -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$log" | head -5 || true
        artifact="$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')"
        if [ -n "$artifact" ]; then
            case "$artifact" in
                /*) ;;
                *) artifact="$root/fuzz/${artifact#./}" ;;
            esac
            echo "   artifact:  $artifact"
            echo "   reproduce: (cd fuzz && cargo +$toolchain fuzz run -O $target $artifact)"
            echo "   minimise:  (cd fuzz && cargo +$toolchain fuzz tmin -O $target $artifact)"
        fi
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "== FAILED: ${failed[*]}"
    exit 1
fi
echo "== all ${#targets[@]} targets ran ${seconds}s without a crash"
