#!/usr/bin/env bash
# What every pull/merge request and every push to main runs, on GitHub and GitLab alike:
# install, check the content, build the site strictly (a broken link or warning fails the build).
# AFSPRAKEN_INSTALLEER=0 skips the install (when the environment already has it, as in the tests).
set -euo pipefail
if [ "${AFSPRAKEN_INSTALLEER:-1}" != "0" ]; then
    python -m pip install --quiet --upgrade pip
    python -m pip install --quiet -e .
fi
echo "== afspraken check"
afspraken check
echo "== mkdocs build --strict"
mkdocs build --strict --site-dir "${AFSPRAKEN_SITE_DIR:-site}"
