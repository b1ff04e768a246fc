"""Reads the generated CloudFormation template and resolves the intrinsic functions its IAM
policies use, so that the policies the stack would create can be linted like any other."""

import json
import subprocess

import yaml

import allowances
import mock_aws
import report


class _Loader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, ...) read as their long form."""


def _tagged(name):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        if name == "Fn::GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {name: value}

    return construct


for _tag, _name in {
    "!Ref": "Ref",
    "!Sub": "Fn::Sub",
    "!GetAtt": "Fn::GetAtt",
    "!Split": "Fn::Split",
    "!Join": "Fn::Join",
    "!If": "Fn::If",
    "!Not": "Fn::Not",
    "!Equals": "Fn::Equals",
    "!And": "Fn::And",
    "!Or": "Fn::Or",
}.items():
    _Loader.add_constructor(_tag, _tagged(_name))


def load(text):
    """The template as plain data, short-form tags turned into long form."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


class Resolver:
    """Evaluates intrinsics with the parameters' defaults and the given pseudo parameters."""

    NO_VALUE = object()

    def __init__(self, template, partition, account_id, region):
        self.template = template
        self.refs = {
            "AWS::Partition": partition,
            "AWS::AccountId": account_id,
            "AWS::Region": region,
            "AWS::URLSuffix": "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com",
            "AWS::NoValue": self.NO_VALUE,
        }
        for name, spec in template.get("Parameters", {}).items():
            self.refs[name] = spec.get("Default")
        for name, resource in template.get("Resources", {}).items():
            # Names a resource would get; only their shape matters to a policy linter.
            if resource["Type"] == "AWS::IAM::Role":
                self.refs[name] = f"{name}-generated"
            # A managed policy's Ref is its ARN, made of the name the template gives it.
            if resource["Type"] == "AWS::IAM::ManagedPolicy":
                policy_name = resource["Properties"]["ManagedPolicyName"]
                self.refs[name] = f"arn:{partition}:iam::{account_id}:policy/{policy_name}"
        self.conditions = {}
        for name, expr in template.get("Conditions", {}).items():
            self.conditions[name] = self.resolve(expr)

    def resolve(self, node):
        if isinstance(node, list):
            items = [self.resolve(n) for n in node]
            return [i for i in items if i is not self.NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            if key == "Ref":
                if arg not in self.refs:
                    raise KeyError(f"!Ref {arg}: not a parameter, pseudo parameter or role")
                return self.refs[arg]
            if key == "Fn::Sub":
                text = arg if isinstance(arg, str) else arg[0]
                for name, value in self.refs.items():
                    if isinstance(value, str):
                        text = text.replace("${" + name + "}", value)
                if "${" in text:
                    raise ValueError(f"!Sub left a variable unresolved: {text}")
                return text
            if key == "Fn::Split":
                sep, value = arg
                return self.resolve(value).split(sep)
            if key == "Fn::Join":
                sep, values = arg
                return sep.join(self.resolve(values))
            if key == "Fn::If":
                name, yes, no = arg
                return self.resolve(yes if self.conditions[name] else no)
            if key == "Fn::Equals":
                a, b = (self.resolve(x) for x in arg)
                return a == b
            if key == "Fn::Not":
                return not self.resolve(arg[0])
            if key == "Fn::And":
                return all(self.resolve(x) for x in arg)
            if key == "Fn::Or":
                return any(self.resolve(x) for x in arg)
            if key == "Fn::GetAtt":
                return f"{arg[0]}.{arg[1]}"
        resolved = {k: self.resolve(v) for k, v in node.items()}
        return {k: v for k, v in resolved.items() if v is not self.NO_VALUE}


def iam_role_policies(text, partition, account_id, region):
    """Every IAM policy document the template's roles carry, resolved:
    [(where, "identity" | "trust", document)]."""
    template = load(text)
    resolver = Resolver(template, partition, account_id, region)
    found = []
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        props = resolver.resolve(resource["Properties"])
        found.append((f"{name} trust policy", "trust", props["AssumeRolePolicyDocument"]))
        for policy in props.get("Policies", []):
            found.append((f"{name} policy {policy['PolicyName']}", "identity", policy["PolicyDocument"]))
    return found


def remediation_script(text):
    """The Python source and handler the remediation Automation document runs."""
    template = load(text)
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::SSM::Document":
            continue
        for step in resource["Properties"]["Content"]["mainSteps"]:
            if step["action"] == "aws:executeScript":
                return step["inputs"]["Script"], step["inputs"]["Handler"], step["inputs"]
    raise LookupError("the template has no aws:executeScript step")


def lint(files, region, workdir):
    """Runs cfn-lint (informational checks included) on the templates and returns the findings
    no rule of allowances.py excuses, as lines to print; the excused ones go to the report."""
    done = subprocess.run(
        ["cfn-lint", "--format", "json", "--include-checks", "I", "--regions", region, "--", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
        env={"PATH": f"{mock_aws.VENV_BIN}:/usr/bin:/bin", "PYTHONWARNINGS": "ignore"},
    )
    try:
        matches = json.loads(done.stdout or "[]")
    except json.JSONDecodeError as e:
        raise AssertionError(f"cfn-lint gave no JSON (exit {done.returncode}): {done.stderr}") from e
    # Exit status bits: 2 errors, 4 warnings, 8 informational; anything else is a failure to run.
    assert done.returncode & ~(2 | 4 | 8) == 0, f"cfn-lint exited {done.returncode}: {done.stderr}"
    # Every finding fails, whatever its level, unless allowances.py excuses its rule.
    failing = [m for m in matches if not allowances.cfn_lint_rule_allowed(m["Rule"]["Id"])]
    for m in matches:
        if m not in failing:
            report.notes.append(f"cfn-lint {m['Rule']['Id']} ({m['Level']}) excused: {m['Message']}")
    report.add("templates linted by cfn-lint", len(files))
    report.add("cfn-lint findings (errors, warnings, informational)", len(matches))
    report.add("cfn-lint findings excused (allowances.py)", len(matches) - len(failing))
    return [
        f"{m['Rule']['Id']} ({m['Level']}) {m['Filename']}:{m['Location']['Start']['LineNumber']}: {m['Message']}"
        for m in failing
    ]
