"""The organization script, run unchanged with bash against moto (an organization with a unit
and a member account in it) and the `aws` stand-in (StackSets trusted access, which moto does
not model): the StackSets carry exactly the linted templates, deploy to the units in the home
Region, the aggregator collects from every listed Region; a second run succeeds and changes
nothing. Both StackSet templates pass cfn-lint in every partition, and the audit stack,
resolved in a member account, names that account's own customer managed policies."""

import json
import re

import pytest

import cfn
import mock_aws
import plans
import standin
from test_scripts import ok

MEMBER = "210987654321"
TEMPLATE = re.compile(r"^(\w+)=\$\(mktemp\)\ncat > \"\$\1\" <<'END_OF_TEMPLATE'\n(.*?)\nEND_OF_TEMPLATE$", re.M | re.S)
REGIONS = {"aws": ["eu-west-1", "us-east-1"], "aws-cn": ["cn-north-1"], "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"]}


def org_selection(partition, ou_ids):
    return {
        "features": ["core", "session-manager", "s3-output", "vss-snapshots"],
        "partition": partition,
        "account-id": plans.ACCOUNT,
        "bucket": "org-ssm-output",
        "vss-policy": "custom",
        "organization": "on",
        "ou-ids": ou_ids,
        "regions": "\n".join(REGIONS[partition]),
    }


def templates(script_text):
    """name -> template text, from the script's heredocs."""
    return {name: body for name, body in TEMPLATE.findall(script_text)}


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_the_stack_set_templates_pass_cfn_lint_and_name_each_account_s_own_policies(partition, workdir):
    out = workdir / f"org-lint-{partition}"
    plan = plans.write_all(org_selection(partition, "ou-ab12-cd34ef56\nr-ab12"), out)
    script = (out / plan["outputs"]["cli-org"]["file"]).read_text()
    found = templates(script)
    assert set(found) == {"policies_template", "audit_template"}
    files = []
    for name, text in found.items():
        path = out / f"{name}.yaml"
        path.write_text(text)
        files.append(path)
    failing = cfn.lint(files, REGIONS[partition][0], workdir)
    assert failing == [], "\n".join(failing)

    policies = cfn.load(found["policies_template"])["Resources"]
    names = sorted(r["Properties"]["ManagedPolicyName"] for r in policies.values())
    assert names == sorted(p["name"] for p in plan["custom-policies"])
    audit = cfn.load(found["audit_template"])
    resolver = cfn.Resolver(audit, partition, MEMBER, REGIONS[partition][0])
    parameters = audit["Resources"]["RoleRemediation"]["Properties"]["Parameters"]
    new = resolver.resolve(parameters["NewPolicies"]["StaticValue"]["Values"])
    expected = [a.replace(f":{plans.ACCOUNT}:", f":{MEMBER}:") for a in plan["policies-to-add"]]
    assert sorted(new) == sorted(expected), "each account attaches its own customer managed policies"


def organization(aws):
    """An organization with one unit holding one member account; the unit's id."""
    aws.cli("organizations", "create-organization", "--feature-set", "ALL")
    root = aws.cli("organizations", "list-roots", "--query", "Roots[0].Id", "--output", "text").strip()
    unit = aws.cli(
        "organizations", "create-organizational-unit", "--parent-id", root, "--name", "Servers",
        "--query", "OrganizationalUnit.Id", "--output", "text",
    ).strip()
    status = json.loads(aws.cli("organizations", "create-account", "--email", "servers@example.com", "--account-name", "servers"))
    account = aws.cli(
        "organizations", "describe-create-account-status", "--create-account-request-id",
        status["CreateAccountStatus"]["Id"], "--query", "CreateAccountStatus.AccountId", "--output", "text",
    ).strip()
    aws.cli("organizations", "move-account", "--account-id", account, "--source-parent-id", root, "--destination-parent-id", unit)
    return unit


def test_the_organization_script_deploys_both_stack_sets_and_the_aggregator_twice(moto, workdir):
    moto.reset()
    aws = mock_aws.Aws(moto, "aws", workdir)
    unit = organization(aws)
    out = workdir / "org-run"
    plan = plans.write_all(org_selection("aws", unit), out)
    script = out / plan["outputs"]["cli-org"]["file"]
    found = templates(script.read_text())
    fake = standin.StandIn(aws, workdir, "org-run")

    ok(fake.bash(script), "organization")
    state = fake.state()
    assert state.get("organizations_access") is True
    for name, template in (("ssm-policy-planner-policies", "policies_template"), ("ssm-managed-policy-audit", "audit_template")):
        stack_set = state["stack_sets"][name]
        assert stack_set["TemplateBody"].strip() == found[template].strip(), name
        assert stack_set["PermissionModel"] == "SERVICE_MANAGED", name
        retain = "true" if name == "ssm-policy-planner-policies" else "false"
        assert stack_set["AutoDeployment"] == {"Enabled": "true", "RetainStacksOnAccountRemoval": retain}, name
        assert stack_set["Instances"] == [{"OrganizationalUnitId": unit, "Region": "eu-west-1", "Status": "CURRENT"}], name
    # The policies come first: the audit stack's remediation attaches them.
    created = {name: int(stack_set["StackSetId"].rsplit(":", 1)[1]) for name, stack_set in state["stack_sets"].items()}
    assert created["ssm-policy-planner-policies"] < created["ssm-managed-policy-audit"]
    audit = state["stack_sets"]["ssm-managed-policy-audit"]
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in audit["Parameters"]}
    managed = [a for a in plan["policies-to-add"] if ":iam::aws:" in a]
    assert parameters["policiesToAdd"] == ",".join(managed)
    assert parameters["policyToRemove"] == plan["policy-to-remove"]
    aggregators = json.loads(aws.cli("configservice", "describe-configuration-aggregators", "--region", "eu-west-1"))["ConfigurationAggregators"]
    assert [a["ConfigurationAggregatorName"] for a in aggregators] == ["ssm-managed-policy-audit"]
    source = aggregators[0]["OrganizationAggregationSource"]
    assert source["AwsRegions"] == ["eu-west-1", "us-east-1"]
    assert source["RoleArn"].endswith(":role/service-role/SsmManagedPolicyAuditAggregator")

    fake.update(calls=[])
    again = fake.bash(script)
    ok(again, "organization, second run")
    assert "brought up to date" in again.stdout
    assert "role SsmManagedPolicyAuditAggregator: exists" in again.stdout
    assert ("cloudformation", "create-stack-set") not in fake.calls()
    assert fake.state()["stack_sets"]["ssm-managed-policy-audit"]["Instances"] == audit["Instances"]


def test_an_account_whose_audit_stack_fails_is_named_and_fails_the_script(moto, workdir):
    moto.reset()
    aws = mock_aws.Aws(moto, "aws", workdir)
    unit = organization(aws)
    out = workdir / "org-failing"
    plan = plans.write_all(org_selection("aws", unit), out)
    script = out / plan["outputs"]["cli-org"]["file"]
    reason = "NoAvailableConfigurationRecorder: no configuration recorder is available"
    fake = standin.StandIn(aws, workdir, "org-failing", {
        "failing_instances": {"ssm-managed-policy-audit": {"account": MEMBER, "reason": reason}},
    })
    done = fake.bash(script)
    assert done.returncode != 0
    assert "StackSet ssm-managed-policy-audit: not deployed in these accounts" in done.stderr
    assert f"{MEMBER}\teu-west-1\tOUTDATED\t{reason}" in done.stderr
    assert "aggregator" not in done.stdout, "the script stops there"

    fake = standin.StandIn(aws, workdir, "org-failed-op", {"failing_operations": ["ssm-policy-planner-policies"]})
    fake.update(stack_sets={})
    done = fake.bash(script)
    assert done.returncode != 0
    assert "StackSet ssm-policy-planner-policies: operation" in done.stderr and "ended FAILED" in done.stderr
    assert "ssm-managed-policy-audit" not in fake.state()["stack_sets"], "the audit waits for the policies"


def test_the_script_refuses_credentials_of_another_account_than_the_management_one(moto, workdir):
    moto.reset()
    aws = mock_aws.Aws(moto, "aws", workdir)
    unit = organization(aws)
    out = workdir / "org-member"
    plan = plans.write_all(org_selection("aws", unit), out)
    script = out / plan["outputs"]["cli-org"]["file"]
    fake = standin.StandIn(aws, workdir, "org-member", {"caller_account": MEMBER})
    done = fake.bash(script)
    assert done.returncode != 0
    assert f"these credentials are of account {MEMBER}, not of the organization's management account" in done.stderr
    assert fake.state().get("organizations_access") is None, "nothing was changed"
