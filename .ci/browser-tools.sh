#!/usr/bin/env bash
# Installs the tools that internal/browsertest needs to prove the built site:
#   - Debian chromium             (/usr/bin/chromium; driven by chromedp)
#   - a Java runtime              (only if `java` is missing; runs the Nu checker)
#   - npm vnu-jar, axe-core, lighthouse, into ${BRIEFING_TOOLS:-$HOME/.cache/briefing-tools}
#
# The tests find the npm tools through the same BRIEFING_TOOLS variable and
# default. Idempotent: when everything is already there it does nothing and
# returns in well under a second.
set -euo pipefail

TOOLS="${BRIEFING_TOOLS:-$HOME/.cache/briefing-tools}"
# Pinned so that CI runs are repeatable.
NPM_PKGS=(vnu-jar@26.9.27 axe-core@4.14.1 lighthouse@13.5.0)

log() { printf 'browser-tools: %s\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
	if [ "$apt_updated" = 0 ]; then
		log "apt-get update"
		as_root apt-get update -qq
		apt_updated=1
	fi
	log "apt-get install $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Fonts so that screenshots and contrast checks use real glyphs.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
	apt_install "${missing[@]}"
fi

need_npm=0
for spec in "${NPM_PKGS[@]}"; do
	name="${spec%@*}"
	want="${spec##*@}"
	pj="$TOOLS/node_modules/$name/package.json"
	if [ ! -f "$pj" ] || ! grep -q "\"version\": *\"$want\"" "$pj"; then
		need_npm=1
	fi
done
if [ "$need_npm" = 1 ]; then
	command -v npm >/dev/null 2>&1 || apt_install nodejs npm
	mkdir -p "$TOOLS"
	[ -f "$TOOLS/package.json" ] || printf '{"private": true}\n' >"$TOOLS/package.json"
	log "npm install ${NPM_PKGS[*]} into $TOOLS"
	npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "${NPM_PKGS[@]}" >/dev/null
fi

test -f "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar"
test -f "$TOOLS/node_modules/axe-core/axe.min.js"
log "ok: chromium=$(/usr/bin/chromium --version 2>/dev/null | head -1), tools in $TOOLS"
