#!/usr/bin/env bash
# First `cargo check` time and peak memory of generated clients: ours and progenitor's, for the
# corpus OpenAPI documents (../shared/corpus/openapi, when present) and the Zoom seed spec.
#
#   bash perf/check_generated.sh [WORK_DIR [INPUT...]]      (from the repository root)
#
# For each input, `emit` writes two library crates into WORK_DIR/<input>/ (ours on this
# repository's runtime, progenitor's on progenitor-client 0.15). Each crate's dependencies are
# built first with an empty library, then the generated library is checked under
# `/usr/bin/time -v`: the figures are that one crate's check. Prints a Markdown table.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/perf/target/check-generated}
shift || true
mkdir -p "$work"
# EMIT=<path> uses an `emit` binary built earlier (to compare two versions of the generator).
# CONNECTORC=<path> writes only our client, with that `connectorc` (`import`, then
# `rust --crate`): no progenitor and no build of this crate, to compare two versions of the
# generator quickly. With it, TAG_FEATURES=1 writes the client with per-tag cargo features
# (`connectorc rust --tag-features`) and CHECK_FLAGS (say `--no-default-features --features
# tag-meetings`) is passed to both `cargo check` runs, to time a client compiled for some tags.
emit=${EMIT:-$root/perf/target/release/emit}
if [ -z "${EMIT:-}" ] && [ -z "${CONNECTORC:-}" ]; then
    cargo build --release --quiet --manifest-path "$root/perf/Cargo.toml" --bin emit
fi

# Writes our crate for one input into DIR with `$CONNECTORC`; the generated module becomes
# DIR/src/lib.rs's only content, so the line count and the check are those of the module.
connectorc_crate() {
    local input=$1 dir=$2 spec
    case "$input" in
        *.json | *.oas3.yml | *.oas3.yaml)
            spec=$dir.spec/client.yaml
            mkdir -p "$dir.spec"
            "$CONNECTORC" import "$input" -o "$spec" > /dev/null 2>&1 || return 1
            ;;
        *) spec=$input ;;
    esac
    local tags=()
    if [ -n "${TAG_FEATURES:-}" ]; then tags=(--tag-features); fi
    "$CONNECTORC" rust "$spec" --out "$dir" --crate "${tags[@]}" > /dev/null || return 1
    printf '\n[workspace]\n' >> "$dir/Cargo.toml"
    local module
    module=$(ls "$dir/src" | grep -v '^lib.rs$')
    mv "$dir/src/$module" "$dir/src/lib.rs"
}

# The inputs named after WORK_DIR, or the Zoom seed spec and every corpus document.
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
    inputs=("$root/connectors/zoom.yaml")
    corpus=$root/../shared/corpus/openapi
    if [ -d "$corpus" ]; then
        inputs+=("$corpus"/*)
    else
        echo "skipping the corpus documents: $corpus is absent" >&2
    fi
fi

# Checks one crate: dependencies first (empty library), then the generated one, timed.
measure() {
    local dir=$1
    local lib=$dir/src/lib.rs
    mv "$lib" "$lib.generated"
    : > "$lib"
    # shellcheck disable=SC2086
    CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$dir/Cargo.toml" ${CHECK_FLAGS:-} 2>/dev/null
    mv "$lib.generated" "$lib"
    # A moved file keeps its old time, which Cargo would take for "unchanged".
    touch "$lib"
    local log=$dir/time.log
    # shellcheck disable=SC2086
    if CARGO_TARGET_DIR=$work/target /usr/bin/time -v cargo check --quiet \
        --manifest-path "$dir/Cargo.toml" ${CHECK_FLAGS:-} 2> "$log" > /dev/null; then
        local secs kb user
        user=$(grep 'User time' "$log" | awk '{print $NF}')
        secs=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
        kb=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
        printf '%s s (%s s user) / %s MB' "$secs" "$user" "$((kb / 1024))"
    else
        printf 'does not compile'
    fi
}

echo "| input | ours: lines | ours: check time / peak | progenitor: lines | progenitor: check time / peak |"
echo "|---|---:|---:|---:|---:|"
for input in "${inputs[@]}"; do
    name=$(basename "$input")
    out=$work/${name%%.*}
    rm -rf "$out/ours" "$out/progenitor"
    if [ -n "${CONNECTORC:-}" ]; then
        rm -rf "$out/ours.spec"
        connectorc_crate "$input" "$out/ours" 2> "$work/${name%%.*}.emit.log" || true
    else
        "$emit" "$input" "$out" "$root" 2> "$work/${name%%.*}.emit.log" || true
    fi
    ours_lines=-; ours=-; peer_lines=-; peer="progenitor cannot read it"
    if [ -f "$out/ours/src/lib.rs" ]; then
        ours_lines=$(wc -l < "$out/ours/src/lib.rs")
        ours=$(measure "$out/ours")
    fi
    if [ -f "$out/progenitor/src/lib.rs" ]; then
        peer_lines=$(wc -l < "$out/progenitor/src/lib.rs")
        peer=$(measure "$out/progenitor")
    fi
    echo "| $name | $ours_lines | $ours | $peer_lines | $peer |"
done
