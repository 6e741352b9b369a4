"""The files in deploy/ agree with the settings: the example environment names every setting
the portal reads and passes the deployment check. (tests/test_deployment.py runs them.)"""

import re
import subprocess
import sys

from tests.test_deployment import DEPLOY, ROOT, example_environment


def settings_read_from_the_environment():
    source = (ROOT / "gladbeck" / "settings.py").read_text()
    pattern = r'(?:os\.environ\.get|env_bool|env_list)\(\s*"(\w+)"'
    return set(re.findall(pattern, source))


def test_the_example_environment_names_every_setting():
    names = settings_read_from_the_environment()
    assert {"DATABASE_URL", "REDIS_URL", "PROXY_COUNT", "SECRET_KEY"} <= names
    assert names <= set(example_environment())


def test_the_example_environment_gives_the_units_all_they_use():
    units = "".join(path.read_text() for path in (DEPLOY / "systemd").glob("*.service"))
    assert set(re.findall(r"\$\{(\w+)\}", units)) <= set(example_environment())


def test_the_example_environment_passes_the_deployment_check():
    """Only the secret key needs a value of its own (the example says so)."""
    env = example_environment() | {"SECRET_KEY": "k3y-" + "a7c1e9d0b2f4" * 5}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
