#!/usr/bin/env bash
# Validate ERN 4.3 messages offline against ../shared/samples/ddex-ern/xsd-4.3 with xmllint
# (formats.md §2.4): an XML catalog maps the remote allowed-value-sets.xsd URL to the local
# file, and --nonet forbids any network access.
# Usage: validate_ern.sh FILE.xml|DIR...   (a DIR means every *.xml in it)
# Env: FERMATA_SHARED_DIR (default: ../shared beside the repository).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shared="${FERMATA_SHARED_DIR:-$here/../../../shared}"
xsd_dir="$(cd "$shared/samples/ddex-ern/xsd-4.3" && pwd)"
command -v xmllint >/dev/null || { echo "validate_ern: xmllint missing (apt-get install libxml2-utils)" >&2; exit 69; }
url="$(sed -n 's/.*schemaLocation="\(https:[^"]*allowed-value-sets.xsd\)".*/\1/p' "$xsd_dir/release-notification.xsd" | head -1)"
[ -n "$url" ] || { echo "validate_ern: no remote allowed-value-sets.xsd import found in the XSD" >&2; exit 70; }
catalog="$(mktemp --suffix=.xml)"
files="$(mktemp)"
trap 'rm -f "$catalog" "$files"' EXIT
cat > "$catalog" <<XML
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="$url" uri="file://$xsd_dir/allowed-value-sets.xsd"/>
  <system systemId="$url" uri="file://$xsd_dir/allowed-value-sets.xsd"/>
</catalog>
XML
for arg in "$@"; do
  if [ -d "$arg" ]; then find "$arg" -maxdepth 1 -name '*.xml' | sort; else echo "$arg"; fi
done > "$files"
n="$(wc -l < "$files")"
[ "$n" -gt 0 ] || { echo "validate_ern: no XML files given" >&2; exit 64; }
# One xmllint per 500 files: the schema is compiled once per batch.
failed=0
while mapfile -t -n 500 batch && [ "${#batch[@]}" -gt 0 ]; do
  if ! XML_CATALOG_FILES="$catalog" xmllint --nonet --noout --schema "$xsd_dir/release-notification.xsd" \
      "${batch[@]}" 2> >(grep -v ' validates$' >&2); then
    failed=1
  fi
done < "$files"
if [ "$failed" -ne 0 ]; then echo "validate_ern: FAILED ($n files)" >&2; exit 1; fi
echo "validate_ern: $n ERN 4.3 messages validate against release-notification.xsd (offline)"
