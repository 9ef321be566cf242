#!/usr/bin/env bash
# Builds the Kubernetes tools the chart checks need — helm and kubeconform — from source
# with `go install` (through the Go module proxy) into .cache/bin, once per pinned version.
# Prints the folder that holds them on stdout; quiet when they are already built.
#
#   bin=$(bash scripts/k8s-tools.sh) && "$bin/helm" version
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$repo/.cache/bin"

# Pinned: a new version is a deliberate change (and rebuilds on the next run).
HELM_MODULE=helm.sh/helm/v3
HELM_VERSION=v3.22.0
KUBECONFORM_MODULE=github.com/yannh/kubeconform
KUBECONFORM_VERSION=v0.8.0

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "k8s-tools: Go is needed to build helm and kubeconform (https://go.dev/doc/install)" >&2
  exit 1
fi

# The version a binary reports: both tools print the version stamped in at link time (below),
# so a binary built some other way, or of another version, is rebuilt.
reported_version() {
  [ -x "$1" ] || return 0
  case "$(basename "$1")" in
    helm) "$1" version --template '{{ .Version }}' 2>/dev/null || true ;;
    kubeconform) "$1" -v 2>/dev/null || true ;;
  esac
}

install_tool() { # binary package version ldflags
  local binary="$1" package="$2" version="$3" ldflags="$4"
  if [ "$(reported_version "$bin/$binary")" = "$version" ]; then return 0; fi
  echo "k8s-tools: building $binary $version with go install (first time only)" >&2
  mkdir -p "$bin"
  # Static binaries; -trimpath keeps the build reproducible across checkouts.
  GOBIN="$bin" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" \
    go install -ldflags "-s -w $ldflags" "$package@$version" >&2
}

# As helm's own Makefile does: stamp the version, and the Kubernetes version that `helm
# template` and `helm lint` assume (from the client-go it is built with) instead of the
# source default of 1.20, which would refuse the chart's kubeVersion (>=1.27).
helm_kubernetes_minor() {
  local gomod
  gomod="$(go mod download -json "$HELM_MODULE@$HELM_VERSION" | awk -F'"' '$2 == "GoMod" { print $4 }')"
  awk '$1 == "k8s.io/client-go" { split($2, v, "."); print v[2] }' "$gomod"
}
helm_ldflags() {
  local minor
  minor="$(helm_kubernetes_minor)"
  [ -n "$minor" ] || { echo "k8s-tools: cannot read helm's client-go version" >&2; exit 1; }
  local flags="-X $HELM_MODULE/internal/version.version=$HELM_VERSION"
  for pkg in pkg/chartutil pkg/lint/rules; do
    flags="$flags -X $HELM_MODULE/$pkg.k8sVersionMajor=1 -X $HELM_MODULE/$pkg.k8sVersionMinor=$minor"
  done
  echo "$flags"
}

if [ "$(reported_version "$bin/helm")" != "$HELM_VERSION" ]; then
  install_tool helm "$HELM_MODULE/cmd/helm" "$HELM_VERSION" "$(helm_ldflags)"
fi
install_tool kubeconform "$KUBECONFORM_MODULE/cmd/kubeconform" "$KUBECONFORM_VERSION" "-X main.version=$KUBECONFORM_VERSION"

echo "$bin"
