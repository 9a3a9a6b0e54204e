#!/usr/bin/env bash
# Regenerates requirements.lock from pyproject.toml: the dependencies and the test extra, every
# package pinned (==) with its hashes, for every supported Python (>= 3.11) on any platform.
# Pins already in requirements.lock are kept unless pyproject.toml no longer allows them, so run it
# after any change to pyproject's dependencies. To move to newer releases on purpose, pass uv's
# options through: `bash scripts/lock.sh --upgrade` (everything) or
# `bash scripts/lock.sh --upgrade-package pandas`.
# uv runs from a throwaway venv; it is not a dependency of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/python" -m pip install --quiet "uv==$UV_VERSION"
"$tools/bin/uv" pip compile --quiet pyproject.toml --extra test --universal --python-version 3.11 \
  --generate-hashes --custom-compile-command "bash scripts/lock.sh" -o requirements.lock "$@"
echo "requirements.lock: $(grep -c '^[A-Za-z]' requirements.lock) pins"
