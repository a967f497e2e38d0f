"""Building the Go verifier (tests/go/src/plverify) against Debian's Go packages, offline."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

GO_SOURCE = Path(__file__).parent / "go"
GO_PACKAGES = Path("/usr/share/gocode")


def build_plverify(work: Path) -> Path:
    """Build plverify into ``work``; skip the test if Go is not installed."""
    go = shutil.which("go")
    if go is None:
        pytest.skip(
            "Go is not installed; install it with "
            "'apt-get install -y golang-go golang-golang-x-mod-dev' (.ci/run does, as root)"
        )
    for package in ("note", "tlog"):
        if not (GO_PACKAGES / "src/golang.org/x/mod/sumdb" / package).is_dir():
            pytest.fail(
                f"Go is installed but golang.org/x/mod/sumdb/{package} is not under "
                f"{GO_PACKAGES}; install it with 'apt-get install -y golang-golang-x-mod-dev'"
            )
    binary = work / "plverify"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": f"{GO_SOURCE}:{GO_PACKAGES}",
        "GOCACHE": str(work / "cache"),
        "GOFLAGS": "",
        "CGO_ENABLED": "0",
    }
    built = subprocess.run(
        [go, "build", "-o", str(binary), "plverify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    return binary


def run_plverify(
    binary: Path, kind: str, key_file: Path, document: Path
) -> subprocess.CompletedProcess[str]:
    """Run the Go verifier on one document with one verifier key file."""
    return subprocess.run(
        [str(binary), kind, str(key_file), str(document)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
