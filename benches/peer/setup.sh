#!/usr/bin/env bash
# Installs what benches/peer/peer_server.py needs (into the current Python environment, or the
# one named by $PYTHON). Nothing is downloaded at run time: sumy is driven with our own sentence
# splitter, so NLTK's punkt data is not needed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"${PYTHON:-python3}" -m pip install --quiet -r "$here/requirements.txt"
