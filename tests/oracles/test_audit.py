"""The audit and remediation stack: cfn-lint on the template in every partition, the deploy
script's syntax and the values it hands the AWS CLI, and the remediation handler the stack's
Automation document runs, executed against moto."""

import json
import re
import subprocess

import pytest

import cfn
import mock_aws
import plans
import report

TEMPLATE_START = "cat > \"$template\" <<'END_OF_TEMPLATE'\n"
TEMPLATE_END = "\nEND_OF_TEMPLATE\n"


def lint_selections():
    """The scenario plans, plus the smallest and the largest plan in every partition."""
    out = dict(plans.SCENARIOS)
    for partition in plans.PARTITIONS:
        out[f"nothing-ticked-{partition}"] = {"features": [], "partition": partition}
        out[f"everything-custom-{partition}"] = {
            "features": plans.FEATURES,
            "partition": partition,
            "account-id": plans.ACCOUNT,
            "bucket": "ssm-lint-output",
            "vss-policy": "custom",
            "role-names": ["web"],
        }
    return out


@pytest.fixture(scope="module")
def generated(workdir):
    """name -> (plan, output folder) for every lint selection."""
    out = {}
    for name, selection in lint_selections().items():
        folder = workdir / f"audit-{name}"
        out[name] = (plans.write_all(selection, folder), folder)
    return out


def _file(plan, folder, output):
    return folder / plan["outputs"][output]["file"]


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_cfn_lint_finds_nothing_in_the_audit_template(generated, workdir, partition):
    files = [
        str(_file(plan, folder, "audit-template"))
        for plan, folder in generated.values()
        if plan["partition"] == partition
    ]
    assert files
    failing = cfn.lint(files, plans.REGION[partition], workdir)
    assert failing == [], "\n".join(failing)


def test_scripts_pass_bash_syntax_check(generated):
    for plan, folder in generated.values():
        for output in ("cli-define", "cli-find", "cli-update-roles", "cli-audit", "cli-verify", "cli-rollback", "cli-dhmc", "cli-hybrid", "cli-org"):
            if plan["outputs"][output]["status"] != "ready":
                continue
            path = _file(plan, folder, output)
            done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
            report.add("scripts syntax-checked (bash -n)")
            assert done.returncode == 0, f"{path.name}: {done.stderr}"


def test_audit_script_deploys_exactly_the_linted_template(generated):
    for name, (plan, folder) in generated.items():
        script = _file(plan, folder, "cli-audit").read_text()
        template = _file(plan, folder, "audit-template").read_text()
        start = script.index(TEMPLATE_START) + len(TEMPLATE_START)
        end = script.index(TEMPLATE_END, start)
        assert script[start:end] + "\n" == template, name


def test_audit_script_parameters_reach_cloudformation_as_planned(generated):
    """bash expands the script's parameter words; awscli's own shorthand parser reads them."""
    from awscli.shorthand import ShorthandParser

    for name, (plan, folder) in generated.items():
        script = _file(plan, folder, "cli-audit").read_text()
        block = re.search(r"^parameters=\(\n.*?\n\)$", script, flags=re.S | re.M)
        assert block, f"{name}: no parameters array"
        done = subprocess.run(
            ["bash", "-c", block.group(0) + '\nprintf "%s\\0" "${parameters[@]}"'],
            capture_output=True,
            text=True,
            check=True,
        )
        words = [w for w in done.stdout.split("\0") if w]
        parsed = {p["ParameterKey"]: p["ParameterValue"] for p in (ShorthandParser().parse(w) for w in words)}
        assert parsed == {
            "policiesToAdd": ",".join(plan["policies-to-add"]),
            "policyToRemove": plan["policy-to-remove"],
        }, name


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_remediation_handler_swaps_policies_and_respects_the_quota(partition, moto, workdir, monkeypatch):
    moto.reset()
    selection = {"features": ["core", "cloudwatch-agent"], "partition": partition}
    plan = plans.plan(selection)
    template = plans.output(selection, "audit-template")
    source, handler, inputs = cfn.remediation_script(template)
    aws = mock_aws.Aws(moto, partition, workdir)
    for key, value in aws.env.items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    namespace = {}
    exec(compile(source, "remediation-handler", "exec"), namespace)  # noqa: S102 - our template's own code
    replace = namespace[handler]

    iam = aws.iam()
    old = plan["policy-to-remove"]
    to_add = plan["policies-to-add"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    fillers = []
    for i in range(9):
        created = iam.create_policy(
            PolicyName=f"Filler{i}",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}),
        )
        fillers.append(created["Policy"]["Arn"])
    for role, policies in (("remediate-me", [old]), ("too-full", [*fillers, old])):
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
        for arn in policies:
            iam.attach_role_policy(RoleName=role, PolicyArn=arn)

    def attached(role):
        return sorted(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"])

    def events(role):
        values = {"RoleName": role, "NewPolicies": list(to_add), "PolicyToRemove": old, "PoliciesPerRole": 10}
        assert set(inputs["InputPayload"]) == set(values), "the handler reads other inputs"
        return values

    result = replace(events("remediate-me"), None)
    report.add("remediation handler runs against moto")
    assert result == {"role": "remediate-me", "attached": to_add, "detached": True}
    assert attached("remediate-me") == sorted(to_add)
    again = replace(events("remediate-me"), None)
    report.add("remediation handler runs against moto")
    assert again == {"role": "remediate-me", "attached": [], "detached": False}
    assert attached("remediate-me") == sorted(to_add)

    with pytest.raises(Exception, match="over the quota"):
        replace(events("too-full"), None)
    report.add("remediation handler runs against moto")
    assert attached("too-full") == sorted([*fillers, old])
    report.add("roles checked", 2)
