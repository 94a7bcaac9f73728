"""environment.yml, pyproject.toml and requirements.lock name the same direct dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import ROOT


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower())


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if m:
            pins[_canon(m.group(1))] = m.group(2)
    return pins


def _direct_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values()
                                      for d in extra]
    return {_canon(re.split(r"[<>=!~\[ ;]", d)[0]) for d in deps}


def _environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for item in pip:
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", item)
        if m:
            pins[_canon(m.group(1))] = m.group(2)
    return pins


def test_environment_yml_lists_exactly_the_direct_dependencies():
    assert set(_environment_pins()) == _direct_dependencies()


def test_environment_yml_versions_equal_the_lock():
    lock, env = _lock_pins(), _environment_pins()
    drift = {name: (env[name], lock.get(name)) for name in env if env[name] != lock.get(name)}
    assert not drift, f"environment.yml vs requirements.lock: {drift}"


def test_every_direct_dependency_is_pinned_in_the_lock():
    assert _direct_dependencies() <= set(_lock_pins())


def test_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    assert "3.11" in (ROOT / "requirements.lock").read_text().splitlines()[1]
