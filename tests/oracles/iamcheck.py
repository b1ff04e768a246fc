"""IAM policy documents through the outside tools: parliament's linter and policy_sentry's
database of actions, resource types and condition keys. Plus one semantic comparison."""

import json
import re

import allowances

PARTITION_REGION = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


def as_list(value):
    return [value] if isinstance(value, str) else list(value)


def normalized(document):
    """A document in a form where equal meaning is equal data: one-element lists and plain
    strings alike, order of actions, resources, condition values and statements ignored."""
    statements = []
    for s in document["Statement"]:
        statements.append(
            json.dumps(
                {
                    "Sid": s.get("Sid"),
                    "Effect": s["Effect"],
                    "Action": sorted(as_list(s["Action"])),
                    "Resource": sorted(as_list(s["Resource"])),
                    "Condition": {
                        op: {k: sorted(as_list(v)) for k, v in kv.items()}
                        for op, kv in s.get("Condition", {}).items()
                    },
                },
                sort_keys=True,
            )
        )
    return {"Version": document.get("Version"), "Statement": sorted(statements)}


def statement_differences(name, ours, theirs):
    """Statements that differ between two documents, each named by Sid or position."""
    a, b = normalized(ours), normalized(theirs)
    problems = []
    if a["Version"] != b["Version"]:
        problems.append(f"{name}: Version {a['Version']} != {b['Version']}")
    only_ours = [s for s in a["Statement"] if s not in b["Statement"]]
    only_theirs = [s for s in b["Statement"] if s not in a["Statement"]]
    for label, side in (("only in ours", only_ours), ("only in AWS's (moto)", only_theirs)):
        for s in side:
            sid = json.loads(s)["Sid"]
            where = f"statement {sid}" if sid else "statement without Sid"
            problems.append(f"{name}: {where} {label}: {s}")
    return problems


_parliament = None


def parliament():
    """parliament, imported once: loading its IAM database takes a second."""
    global _parliament
    if _parliament is None:
        import parliament as module

        _parliament = module
    return _parliament


def _partition_of(document):
    """The partition the document's ARNs are written for ("aws" when it names none)."""
    for s in document["Statement"]:
        for r in as_list(s.get("Resource", [])):
            if r.startswith("arn:"):
                return r.split(":")[1]
    return "aws"


def _granted_on(document, action, arn_format):
    """Whether some statement of `document` allows `action` on a resource of `arn_format`."""
    partition = _partition_of(document)
    return any(
        action in as_list(s["Action"])
        and any(r != "*" and arn_matches(r, arn_format, partition) for r in as_list(s.get("Resource", [])))
        for s in document["Statement"]
    )


def lint(document, kind="identity"):
    """parliament's findings that count: (issue, detail) pairs, with the exceptions of
    allowances.py left out. Returns (counted, excused)."""
    policy = parliament().analyze_policy_string(json.dumps(document))
    counted, excused = [], []
    for f in policy.findings:
        detail = f.detail
        if allowances.excused("parliament", f.issue, kind, detail):
            excused.append((f.issue, detail))
        elif f.issue == "RESOURCE_STAR" and allowances.resource_star_allowed(detail):
            excused.append((f.issue, detail))
        elif f.issue == "UNKNOWN_CONDITION_FOR_ACTION" and allowances.unknown_condition_allowed(detail):
            excused.append((f.issue, detail))
        elif f.issue == "RESOURCE_MISMATCH" and allowances.split_statements_allowed(
            detail, lambda action, arn_format: _granted_on(document, action, arn_format)
        ):
            excused.append((f.issue, detail))
        else:
            counted.append((f.issue, detail))
    return counted, excused


_actions = {}


def action_entries(action):
    """policy_sentry's entries for an action (one per resource type), [] when unknown."""
    if action not in _actions:
        from policy_sentry.querying.actions import get_action_data

        service, _, name = action.partition(":")
        data = get_action_data(service, name) or {}
        _actions[action] = [e for e in data.get(service, []) if e["action"] == action]
    return _actions[action]


def _field_ok(ours, template, partition):
    """One ARN field (region or account) against the database's format for it."""
    if template == "":
        return ours in ("", "*")
    if template == "${Region}":
        return ours == "*" or re.fullmatch(r"[a-z]{2}(-gov)?-[a-z]+-\d+", ours) is not None and (
            (partition == "aws-cn") == ours.startswith("cn-")
            and (partition == "aws-us-gov") == ours.startswith("us-gov-")
        )
    if template == "${Account}":
        return ours == "*" or re.fullmatch(r"\d{12}", ours) is not None
    return ours == template


def arn_matches(arn, arn_format, partition):
    """Whether `arn` (wildcards allowed) names a resource of the type `arn_format` describes:
    partition as planned, service, region and account fields of the right shape, and
    policy_sentry's own resource-type match for the rest."""
    from policy_sentry.util.arns import does_arn_match

    ours = arn.split(":", 5)
    template = arn_format.split(":", 5)
    if len(ours) != 6 or len(template) != 6 or ours[0] != "arn":
        return False
    if ours[1] != partition or ours[2] != template[2]:
        return False
    if not (_field_ok(ours[3], template[3], partition) and _field_ok(ours[4], template[4], partition)):
        return False
    return does_arn_match(arn, arn_format)


def _key_matches(key, known):
    pattern = re.escape(known)
    pattern = re.sub(r"\\\$\\\{[^}]*\\\}|<[^>]*>", ".+", pattern)
    return re.fullmatch(pattern, key, flags=re.IGNORECASE) is not None


def sentry_problems(document, partition, kind="identity"):
    """What policy_sentry's database says is wrong with a document of `kind` ("identity" for
    ours, "aws-managed" for AWS's): unknown actions, resources that are no resource type of the
    action, "*" on an action that accepts resource ARNs, condition keys the action does not
    know. Returns (problems, excused, actions checked); `excused` are the findings allowances.py
    excuses, each with its evidence."""
    problems, excused, checked = [], [], 0
    for index, s in enumerate(document["Statement"]):
        where = s.get("Sid") or f"statement {index + 1}"
        resources = as_list(s["Resource"])
        condition_keys = [k for kv in s.get("Condition", {}).values() for k in kv]
        for action in as_list(s["Action"]):
            checked += 1
            entries = action_entries(action)
            if not entries:
                problems.append(f"{where}: {action} is not an action policy_sentry knows")
                continue
            formats = sorted({e["resource_arn_format"] for e in entries})
            typed = [f for f in formats if f != "*"]
            for r in resources:
                if r == "*":
                    if typed:
                        message = f"{where}: {action} accepts resource types {typed} but is granted on '*'"
                        evidence = allowances.star_allowed(action, kind)
                        if evidence:
                            excused.append(f"{message} (excused: {evidence})")
                        else:
                            problems.append(message)
                elif not typed:
                    problems.append(f"{where}: {action} allows only '*' but is granted on {r}")
                elif not any(arn_matches(r, f, partition) for f in typed):
                    problems.append(f"{where}: {r} is none of {action}'s resource types {typed}")
            known = {k for e in entries for k in e["condition_keys"]}
            for key in condition_keys:
                if any(_key_matches(key, k) for k in known):
                    continue
                if any(_key_matches(key, k) for k in allowances.GLOBAL_CONDITION_KEYS):
                    excused.append(f"{where}: condition key {key} on {action} (excused: a global key)")
                    continue
                problems.append(
                    f"{where}: condition key {key} is neither one of {action}'s nor in "
                    "allowances.GLOBAL_CONDITION_KEYS"
                )
    return problems, excused, checked
