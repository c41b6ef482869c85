#!/usr/bin/env bash
# Rebuilds leads-import.xlsx from leads-import.csv with LibreOffice, the way users' spreadsheets are made:
# numbers typed into cells become numeric cells (a mobile loses its leading zero), text stays text.
# Needs LibreOffice Calc (Debian: apt-get install libreoffice-calc-nogui).
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$out" leads-import.csv
mv "$out/leads-import.xlsx" leads-import.xlsx
rm -rf "$out"
echo "wrote $(pwd)/leads-import.xlsx"
