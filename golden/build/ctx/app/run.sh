#!/bin/sh
# tiny entry point used by the build-equivalence cases
set -eu
echo "app up: $(date -u +%Y-%m-%d)"
