#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target into fuzz/seeds/<target>/ (ignored by git) from the
# project's own specs and outputs, and from ../shared/corpus when it is beside the project.
# Files larger than SEED_MAX_BYTES (default 200000) are left out: one 2 MB document makes every
# execution of its target slow. Run from anywhere; the folder is rebuilt from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."

max=${SEED_MAX_BYTES:-200000}
seeds=fuzz/seeds
shared=../shared/corpus
rm -rf "$seeds"
mkdir -p "$seeds"/{parse_check,check_emit,import_openapi,import_powerplatform,lint}

# add TARGET FILE...: copies each file small enough, named after its path so names never clash.
add() {
  local target=$1
  shift
  local file
  for file in "$@"; do
    [ -f "$file" ] || continue
    [ "$(wc -c <"$file")" -le "$max" ] || continue
    cp "$file" "$seeds/$target/$(printf '%s' "${file#../}" | tr -c 'A-Za-z0-9._-' '_')"
  done
}

# Specs: the seed connectors, the examples, the diagnostic fixtures and the other test specs.
specs=(connectors/*.yaml examples/*/specs/*.yaml tests/diagnostics/*.yaml
  tests/rust_adversarial/*.yaml platform/tests/manifest_specs/*.yaml)
add parse_check "${specs[@]}"
add check_emit "${specs[@]}"

# Documents the compiler wrote itself.
add import_openapi generated/*/openapi.yaml
add import_powerplatform generated/*/apiDefinition.swagger.json
add lint generated/*/apiDefinition.swagger.json generated/*/apiProperties.json

if [ -d "$shared" ]; then
  add import_openapi "$shared"/openapi/*
  mapfile -t swaggers < <(find "$shared/powerplatform" -name apiDefinition.swagger.json | sort)
  mapfile -t properties < <(find "$shared/powerplatform" -name apiProperties.json | sort)
  add import_powerplatform "${swaggers[@]}"
  add lint "${swaggers[@]}" "${properties[@]}"
else
  echo "no $shared beside the project: seeds from the project only"
fi

for target in "$seeds"/*; do
  echo "$(basename "$target"): $(find "$target" -type f | wc -l) seeds"
done
