"""Every policy document of the scenario plans through parliament and policy_sentry: the
customer managed policies we write, the policies of the audit stack's remediation role, and
the AWS managed documents we embed."""

import json

import pytest

import cfn
import iamcheck
import plans
import report

MAX_CHARS = 6144


def generated_documents():
    """(id, partition, kind, document) for every document the scenario plans generate."""
    found = []
    for name, selection in plans.SCENARIOS.items():
        plan = plans.plan(selection)
        partition = plan["partition"]
        for custom in plan["custom-policies"]:
            found.append((f"{name}/{custom['name']}", partition, "identity", custom["document"]))
        template = plans.output(selection, "audit-template")
        region = plans.REGION[partition]
        for where, kind, document in cfn.iam_role_policies(template, partition, plans.ACCOUNT, region):
            found.append((f"{name}/audit-template/{where}", partition, kind, document))
    return found


GENERATED = generated_documents()


def compact_size(document):
    return len(json.dumps(document, separators=(",", ":"), ensure_ascii=False))


@pytest.mark.parametrize(
    "partition,kind,document", [g[1:] for g in GENERATED], ids=[g[0] for g in GENERATED]
)
def test_parliament_finds_nothing_in_what_we_generate(partition, kind, document):
    counted, excused = iamcheck.lint(document, kind)
    report.add("documents linted by parliament")
    report.add("parliament findings", len(counted))
    report.add("parliament findings excused (documented false positives)", len(excused))
    assert counted == [], f"parliament findings: {counted}"


@pytest.mark.parametrize(
    "partition,kind,document",
    [g[1:] for g in GENERATED if g[2] == "identity"],
    ids=[g[0] for g in GENERATED if g[2] == "identity"],
)
def test_policy_sentry_knows_every_action_resource_and_condition_key(partition, kind, document):
    problems, excused, checked = iamcheck.sentry_problems(document, partition)
    report.add("documents checked against policy_sentry")
    report.add("actions checked against policy_sentry", checked)
    report.add("policy_sentry findings excused (allowances.py)", len(excused))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "partition,kind,document", [g[1:] for g in GENERATED], ids=[g[0] for g in GENERATED]
)
def test_documents_fit_the_managed_policy_size_limit(partition, kind, document):
    size = compact_size(document)
    report.add("documents checked for size")
    report.most("largest document (characters)", size)
    assert size < MAX_CHARS


def test_custom_policy_sizes_are_reported_as_iam_counts_them():
    for selection in plans.SCENARIOS.values():
        for custom in plans.plan(selection)["custom-policies"]:
            assert custom["size"] == compact_size(custom["document"]), custom["name"]


def test_policy_sentry_knows_every_action_of_the_embedded_managed_policies():
    # The documents are the same in every partition; their ARNs are checked against moto.
    managed = plans.managed_policies("aws")
    assert {m["name"] for m in managed} >= {
        "AmazonSSMManagedInstanceCore",
        "AmazonEC2RoleforSSM",
    }
    failures = []
    for m in managed:
        # AWS publishes managed documents with commercial ARNs in every partition.
        problems, excused, checked = iamcheck.sentry_problems(m["document"], "aws", kind="aws-managed")
        report.add("documents checked against policy_sentry")
        report.add("actions checked against policy_sentry", checked)
        report.add("policy_sentry findings excused (allowances.py)", len(excused))
        failures += [f"{m['name']}: {p}" for p in problems]
    assert failures == [], "\n".join(failures)
