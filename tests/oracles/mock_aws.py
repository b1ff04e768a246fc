"""A moto server on 127.0.0.1 standing in for AWS, and the AWS CLI and SDK pointed at it."""

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import plans

VENV_BIN = Path(sys.executable).parent


def _die_with_parent():
    """Linux: the server gets SIGTERM if the test process dies without cleaning up."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """moto's HTTP server in its own process group, stopped however the run ends."""

    def __init__(self, workdir, account_id):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / "moto.log"
        env = dict(os.environ)
        env.update(
            MOTO_IAM_LOAD_MANAGED_POLICIES="true",
            MOTO_ACCOUNT_ID=account_id,
            PYTHONWARNINGS="ignore",
        )
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        atexit.register(self.stop)
        self._wait_ready()

    def _wait_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto server exited {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/moto-api/data.json", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"moto server did not answer on {self.url} within 60 s: {self.log_tail()}")

    def log_tail(self, lines=20):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def reset(self):
        """Forgets every resource (AWS managed policies come back on first use)."""
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        if not self.log.closed:
            self.log.close()


class Aws:
    """The AWS CLI and SDK for one partition, talking to the moto server only."""

    def __init__(self, server, partition, workdir):
        self.partition = partition
        self.region = plans.REGION[partition]
        self.env = {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(workdir),
            "LANG": "C.UTF-8",
            "AWS_ENDPOINT_URL": server.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": self.region,
            "AWS_CONFIG_FILE": str(Path(workdir) / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(Path(workdir) / "no-aws-credentials"),
            "AWS_MAX_ATTEMPTS": "1",
            "PYTHONWARNINGS": "ignore",
        }
        self.url = server.url

    def cli(self, *args):
        """`aws ARGS`; raises with its output when it fails."""
        done = subprocess.run(
            ["aws", *args], env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done.stdout

    def bash(self, script, extra_env=None):
        """Runs a generated script unchanged with bash; returns the finished process."""
        env = dict(self.env)
        env.update(extra_env or {})
        return subprocess.run(
            ["bash", str(script)], env=env, capture_output=True, text=True, check=False, timeout=600
        )

    def iam(self):
        import boto3

        return boto3.client(
            "iam",
            region_name=self.region,
            endpoint_url=self.url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            aws_session_token="testing",
        )
