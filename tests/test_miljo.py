"""environment.yml, pyproject.toml and requirements.lock must agree."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return _norm(m.group(1)), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        deps.extend(extra)
    return dict(_split(d) for d in deps)


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROT / "environment.yml").read_text(encoding="utf-8"))
    ut = {}
    poster = []
    for d in env["dependencies"]:
        poster.extend(d["pip"] if isinstance(d, dict) else [d])
    for d in poster:
        if isinstance(d, str) and not d.startswith("-"):
            namn, spec = _split(d)
            if namn not in {"python", "pip"}:
                ut[namn] = spec
    return ut


def test_environment_yml_matches_pyproject():
    py, env = _pyproject(), _environment()
    saknas_i_env = sorted(set(py) - set(env))
    extra_i_env = sorted(set(env) - set(py))
    olika = sorted(n for n in set(py) & set(env) if py[n] != env[n])
    assert not saknas_i_env, f"saknas i environment.yml: {saknas_i_env}"
    assert not extra_i_env, f"finns bara i environment.yml: {extra_i_env}"
    assert not olika, {n: (py[n], env[n]) for n in olika}


def test_lock_file_pins_every_dependency_within_range():
    from packaging.specifiers import SpecifierSet

    lock = {}
    for rad in (ROT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        rad = rad.strip()
        if rad and not rad.startswith("#"):
            namn, version = rad.split("==")
            lock[_norm(namn)] = version
    for namn, spec in _pyproject().items():
        assert namn in lock, f"{namn} saknas i requirements.lock"
        assert lock[namn] in SpecifierSet(spec), f"{namn}=={lock[namn]} utanför {spec}"


def test_make_reports_covers_every_plan_year():
    """`make reports` asks for every plan year of the municipality (dry run)."""
    import shutil
    import subprocess

    import pytest

    if shutil.which("make") is None:
        pytest.skip("make saknas")
    kommun = yaml.safe_load((ROT / "parameters" / "kommun.yml").read_text(encoding="utf-8"))
    ut = subprocess.run(["make", "-n", "-W", "pyproject.toml", "reports"], cwd=ROT, capture_output=True,
                        text=True).stdout
    rad = next(r for r in ut.splitlines() if "vbe rapport" in r)
    assert "--alla" in rad
    for ar in range(kommun["forsta_planar"], kommun["sista_planar"] + 1):
        assert f"--ar {ar}" in rad
