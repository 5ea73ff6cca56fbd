"""What machine and software a benchmark ran on, so results from different runs can be compared."""
from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "onbekend"


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "onbekend"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def describe() -> dict[str, str]:
    return {
        "datum": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "cpu": f"{os.cpu_count()} x {_cpu_model()}",
        "geheugen": f"{_ram_gb():.1f} GB",
        "systeem": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pakketten": ", ".join(f"{p} {_version(p)}" for p in
                               ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "ruamel.yaml",
                                "ruamel.yaml.clib", "jsonschema")),
    }
