"""Templates that still name the old policy (tests/iac-corpus), rewritten by `ssm-plan rewrite`
in every partition: the rewritten CloudFormation passes cfn-lint, the rewritten Terraform
parses with python-hcl2, and the old policy is gone from each, but for the references the
rewrite lists as left by hand."""

import json
from pathlib import Path

import hcl2
import pytest

import cfn
import plans
import report

CORPUS = Path(__file__).resolve().parents[1] / "iac-corpus"


def rewritten(name, partition, workdir):
    selection = {
        "features": ["core", "s3-output", "cloudwatch-agent"],
        "partition": partition,
        "account-id": plans.ACCOUNT,
        "bucket": "ssm-out",
    }
    plan_file = workdir / f"rewrite-plan-{partition}.json"
    plan_file.write_text(json.dumps(selection))
    text = plans.run(["--plan", str(plan_file), "rewrite", str(CORPUS / name)])
    out = workdir / f"rewritten-{partition}-{name}"
    out.write_text(text)
    report.add("templates rewritten")
    return out


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_rewritten_cloudformation_passes_cfn_lint(partition, workdir):
    files = [rewritten(n, partition, workdir) for n in ("cloudformation.yaml", "cloudformation.json")]
    failing = cfn.lint(files, plans.REGION[partition], workdir)
    assert failing == [], "\n".join(failing)
    for f in files:
        template = cfn.load(f.read_text())
        arns = json.dumps(template["Resources"])
        # The role the rewrite could not place (a list on one line) keeps the old name; the
        # others, joins included, lose it.
        assert arns.count("AmazonEC2RoleforSSM") == (1 if f.name.endswith(".yaml") else 0), f.name
        assert "AmazonSSMManagedInstanceCore" in arns


def test_rewritten_terraform_parses_and_lists_the_plan(workdir):
    tf = hcl2.loads(rewritten("terraform.tf", "aws", workdir).read_text())
    report.add("Terraform files parsed by python-hcl2")
    role = next(r['"aws_iam_role"']['"app"'] for r in tf["resource"] if '"aws_iam_role"' in r)
    arns = [a.strip('"') for a in role["managed_policy_arns"]]
    assert arns == [
        "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
        f"arn:${{data.aws_partition.current.partition}}:iam::{plans.ACCOUNT}:policy/SSMInstanceS3OutputAccess",
        "arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]
    # A join keeps its partition expression; each policy is the same join.
    joined = next(r['"aws_iam_role"']['"joined"'] for r in tf["resource"] if '"aws_iam_role"' in r and '"joined"' in r['"aws_iam_role"'])
    assert len(joined["managed_policy_arns"]) == 3
    assert all(a.startswith('${join("", ["arn:", data.aws_partition.current.partition, ":iam::') for a in joined["managed_policy_arns"]), joined
