#!/usr/bin/env sh
# Runs report-lint from this repository for the pre-commit framework (see
# .pre-commit-hooks.yaml at the repository root). The first run builds the
# command line with cargo (a few minutes); later runs reuse the build.
#
# pre-commit's `language: rust` installs hooks with `cargo install --path .`
# at the repository root, which a virtual workspace manifest cannot do;
# this script builds the CLI package of the workspace instead.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
exec cargo run --quiet --release --locked \
    --manifest-path "$root/Cargo.toml" -p report-lint-cli --bin report-lint -- "$@"
