"""The `aws` stand-in (standin/aws) put first on PATH for a test, with its state file."""

import json
import os
import subprocess
from pathlib import Path

import mock_aws
import report

FOLDER = Path(__file__).resolve().parent / "standin"


class StandIn:
    """Runs scripts with the stand-in answering for the AWS CLI; `aws` is the moto-backed CLI
    every call the stand-in does not answer goes to."""

    def __init__(self, aws, workdir, name, state=None):
        self.aws = aws
        self.path = Path(workdir) / f"standin-{name}.json"
        self.path.write_text(json.dumps({"calls": [], "stacks": {}, "config": {"recorders": [], "status": []}, **(state or {})}))
        self.env = dict(aws.env)
        self.env.update(
            PATH=f"{FOLDER}{os.pathsep}{aws.env['PATH']}",
            AWS_STANDIN_STATE=str(self.path),
            AWS_STANDIN_REAL_AWS=str(mock_aws.VENV_BIN / "aws"),
        )

    def state(self):
        return json.loads(self.path.read_text())

    def update(self, **changes):
        state = self.state()
        state.update(changes)
        self.path.write_text(json.dumps(state))

    def calls(self):
        """[service, operation] of every call since the state was written."""
        return [tuple(c) for c in self.state()["calls"]]

    def bash(self, script, extra_env=None):
        report.add("scripts run with the aws stand-in")
        env = dict(self.env)
        env.update(extra_env or {})
        return subprocess.run(
            ["bash", str(script)], env=env, capture_output=True, text=True, check=False, timeout=600
        )
