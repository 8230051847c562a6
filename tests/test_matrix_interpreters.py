"""Interpreter discovery: no hard-coded paths, shims that fail are rejected."""
import os
import stat
import sys

from harness.matrix.interpreters import find_python

VERSION = "%d.%d" % sys.version_info[:2]


def _script(path, body):
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_finds_the_running_python_on_path(tmp_path):
    link = tmp_path / ("python" + VERSION)
    os.symlink(sys.executable, link)
    found = find_python(VERSION, uv="", path_env=str(tmp_path), pyenv_root=str(tmp_path / "none"))
    assert found.path == str(link)


def test_rejects_a_broken_shim_and_falls_back_to_pyenv_layout(tmp_path):
    shims = tmp_path / "shims"
    shims.mkdir()
    _script(shims / ("python" + VERSION), "echo 'pyenv: command not found' >&2; exit 127")
    real = tmp_path / "pyenv" / "versions" / (VERSION + ".99") / "bin"
    real.mkdir(parents=True)
    os.symlink(sys.executable, real / ("python" + VERSION))
    found = find_python(VERSION, uv="", path_env=str(shims), pyenv_root=str(tmp_path / "pyenv"))
    assert found.path == str(real / ("python" + VERSION))


def test_a_wrong_version_is_not_accepted(tmp_path):
    os.symlink(sys.executable, tmp_path / "python3.1")  # runs, but is VERSION, not 3.1
    found = find_python("3.1", uv="", path_env=str(tmp_path), pyenv_root=str(tmp_path))
    assert found.path is None


def test_missing_python_says_where_it_looked_and_how_to_install(tmp_path):
    found = find_python("3.4", uv="", path_env=str(tmp_path), pyenv_root=str(tmp_path / "pyenv"))
    assert found.path is None
    reason = found.missing_reason()
    assert reason.startswith("Python 3.4 not found; searched ")
    assert "python3.4 on PATH" in reason
    assert str(tmp_path / "pyenv" / "versions" / "3.4*" / "bin" / "python3.4") in reason
    assert "uv python install 3.4" in reason


def test_uv_result_is_used_when_it_runs(tmp_path):
    fake_uv = _script(tmp_path / "uv", "echo %s" % sys.executable)
    found = find_python(VERSION, uv=str(fake_uv), path_env=str(tmp_path / "empty"), pyenv_root="")
    assert found.path == sys.executable
