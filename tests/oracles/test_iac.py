"""The plan as infrastructure as code: the CloudFormation template passes cfn-lint in every
partition and, resolved, defines exactly the plan's custom policies and gives each role
exactly policiesToAdd; the Terraform file parses with an HCL parser (python-hcl2) and says
the same."""

import json
import textwrap

import hcl2
import pytest

import cfn
import plans
import report
from test_audit import lint_selections


@pytest.fixture(scope="module")
def generated(workdir):
    """name -> (plan, output folder) for every lint selection, each also without role names."""
    out = {}
    for name, selection in lint_selections().items():
        for variant, roles in (("", None), ("-no-roles", [])):
            chosen = dict(selection) if roles is None else {**selection, "role-names": roles}
            folder = workdir / f"iac-{name}{variant}"
            out[f"{name}{variant}"] = (plans.write_all(chosen, folder), folder)
    return out


def _file(plan, folder, output):
    return folder / plan["outputs"][output]["file"]


def custom_documents(plan):
    return {p["name"]: p["document"] for p in plan["custom-policies"] or []}


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_cfn_lint_finds_nothing_in_the_cloudformation_plan(generated, workdir, partition):
    files = [
        _file(plan, folder, "iac-cloudformation")
        for plan, folder in generated.values()
        if plan["partition"] == partition
    ]
    assert files
    failing = cfn.lint(files, plans.REGION[partition], workdir)
    assert failing == [], "\n".join(failing)


def test_the_cloudformation_plan_defines_the_custom_policies_and_gives_each_role_the_set(generated):
    for name, (plan, folder) in generated.items():
        text = _file(plan, folder, "iac-cloudformation").read_text()
        template = cfn.load(text)
        resolver = cfn.Resolver(template, plan["partition"], plans.ACCOUNT, plans.REGION[plan["partition"]])
        resources = template["Resources"]
        policies = {
            r["Properties"]["ManagedPolicyName"]: r["Properties"]["PolicyDocument"]
            for r in resources.values()
            if r["Type"] == "AWS::IAM::ManagedPolicy"
        }
        assert policies == custom_documents(plan), name
        roles = [resolver.resolve(r["Properties"]) for r in resources.values() if r["Type"] == "AWS::IAM::Role"]
        names = [r.get("RoleName") for r in roles]
        assert names == (plan["roles"] or [None]), name
        for role in roles:
            assert role["ManagedPolicyArns"] == plan["policies-to-add"], name
            assert plan["policy-to-remove"] not in role["ManagedPolicyArns"]
        # Retained, as a resource import needs and so that deleting the stack detaches nothing.
        kept = [r for r in resources.values() if r["Type"] != "AWS::IAM::InstanceProfile"]
        assert all(r.get("DeletionPolicy") == r.get("UpdateReplacePolicy") == "Retain" for r in kept), name
        profiles = [r for r in resources.values() if r["Type"] == "AWS::IAM::InstanceProfile"]
        assert len(profiles) == (0 if plan["roles"] else 1), name
        outputs = resolver.resolve(template["Outputs"]["PoliciesToAdd"]["Value"])
        assert outputs == ",".join(plan["policies-to-add"]), name
        report.add("CloudFormation plans resolved")


def unquote(value):
    return value[1:-1] if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"' else value


def heredoc(value):
    """The text of a `<<-EOT` heredoc as python-hcl2 returns it, indentation stripped and
    Terraform's `$${` escape read back."""
    body = unquote(value)
    lines = body.split("\n")
    assert lines[0] == "<<-EOT" and lines[-1].strip() == "EOT", body
    return textwrap.dedent("\n".join(lines[1:-1])).replace("$${", "${")


def test_the_terraform_plan_parses_and_says_the_same(generated):
    for name, (plan, folder) in generated.items():
        text = _file(plan, folder, "iac-terraform").read_text()
        tf = hcl2.loads(text)
        report.add("Terraform plans parsed by python-hcl2")
        assert [list(d) for d in tf["data"]] == [['"aws_partition"']], name
        variable = tf["variable"][0]['"instance_role_names"']
        assert [unquote(r) for r in variable.get("default", [])] == plan["roles"], name

        policies = {}
        ids = {}
        attachments = []
        for block in tf["resource"]:
            for kind, named in block.items():
                for resource_name, body in named.items():
                    if kind == '"aws_iam_policy"':
                        policy_name = unquote(body["name"])
                        policies[policy_name] = json.loads(heredoc(body["policy"]))
                        ids[unquote(resource_name)] = policy_name
                    else:
                        assert kind == '"aws_iam_role_policy_attachment"', kind
                        attachments.append(body)
        assert policies == custom_documents(plan), name
        assert len(attachments) == 1, name

        partition = plan["partition"]
        arns = []
        for key, value in tf["locals"][0]["instance_policy_arns"].items():
            value = unquote(value)
            assert value.endswith(f"/{key}") or value == f"${{aws_iam_policy.{key}.arn}}", (key, value)
            if value.startswith("${aws_iam_policy."):
                resource = value[len("${aws_iam_policy.") : -len(".arn}")]
                arns.append(f"arn:{partition}:iam::{plans.ACCOUNT}:policy/{ids[resource]}")
            else:
                arns.append(value.replace("${data.aws_partition.current.partition}", partition))
        assert arns == plan["policies-to-add"], name
        assert plan["policy-to-remove"] not in text.replace("arn:<partition>", f"arn:{partition}").split("#")[0]
