#!/usr/bin/env bash
# `make demo` part: the offline Flow JSON validator on a valid flow and on a broken one.
# Usage: examples/flow_json_demo.sh [PYTHON]   (default: .venv/bin/python)
set -u
PY="${1:-.venv/bin/python}"
cd "$(dirname "$0")/.."

echo "== waflows validate examples/flow_json/valid.json"
"$PY" -m waflows validate examples/flow_json/valid.json
echo "(exit status $?)"
echo
echo "== waflows validate --mode everything examples/flow_json/broken.json"
"$PY" -m waflows validate --mode everything examples/flow_json/broken.json
status=$?
echo "(exit status $status)"
[ "$status" -eq 1 ] || { echo "expected exit status 1 for the broken flow" >&2; exit 1; }
