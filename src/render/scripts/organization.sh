
# The static part of the organization script. Expects, set above: home_region, regions and
# ou_ids (arrays), policies_stack_set and policies_template (a file; empty when the plan has
# no customer managed policy), audit_stack_set and audit_template (a file), parameters
# (array), aggregator_name, aggregator_role, aggregator_role_path, aggregator_trust,
# aggregator_policy, aggregator_regions (JSON list).
#
# Run it with the management account's credentials. Safe to run again: StackSets and the
# aggregator are updated in place, and deploying to units already deployed to changes nothing.
# Each member account needs AWS Config recording IAM roles, users and groups in the home
# Region, or its audit stack fails: such accounts are listed at the end, and the script fails.

err=$(mktemp)
trap 'rm -f "$err" "$audit_template" ${policies_template:+"$policies_template"}' EXIT

# cfn OPERATION [OPTION...]: a CloudFormation call in the home Region.
cfn() {
  local operation="$1"
  shift
  aws cloudformation "$operation" --region "$home_region" "$@"
}

# 1. The organization, from its management account, and trusted access between StackSets
# and AWS Organizations.
if ! org=$(aws organizations describe-organization \
  --query 'Organization.[Id, MasterAccountId]' --output text 2>"$err"); then
  cat "$err" >&2
  echo "no organization could be read: run this with the management account's credentials" >&2
  exit 1
fi
caller=$(aws sts get-caller-identity --query Account --output text)
if [ "$caller" != "${org##*$'\t'}" ]; then
  echo "these credentials are of account $caller, not of the organization's management account ${org##*$'\t'}: nothing was changed" >&2
  exit 1
fi
org=${org%%$'\t'*}
cfn activate-organizations-access
echo "organization $org: StackSets trusted access is on"
targets="OrganizationalUnitIds=$(IFS=,; echo "${ou_ids[*]}")"

# wait_for STACK_SET OPERATION: waits for a StackSet operation to end; fails unless it succeeded.
wait_for() {
  local status
  while :; do
    status=$(cfn describe-stack-set-operation --stack-set-name "$1" --operation-id "$2" \
      --query StackSetOperation.Status --output text) || return 1
    case "$status" in
      SUCCEEDED) return 0 ;;
      FAILED | STOPPED)
        echo "StackSet $1: operation $2 ended $status; its results:" >&2
        echo "  aws cloudformation list-stack-set-operation-results --region $home_region --stack-set-name $1 --operation-id $2" >&2
        return 1
        ;;
      *) sleep 10 ;;
    esac
  done
}

# Every account is tried, whatever happens in the others; those that fail are listed after.
preferences=FailureTolerancePercentage=100,MaxConcurrentPercentage=100

# deploy STACK_SET TEMPLATE RETAIN [OPTION...]: creates the StackSet, or brings its template
# and options up to date, then deploys it to every account of the units in the home Region
# (the stacks hold IAM and global-resource rules, which belong in one Region). Accounts that
# join the units later get it too; an account that leaves keeps its stack when RETAIN is true.
deploy() {
  local name="$1" template="$2" retain="$3" op failed_here
  shift 3
  local options=(--template-body "file://$template" --capabilities CAPABILITY_NAMED_IAM
    --permission-model SERVICE_MANAGED
    --auto-deployment "Enabled=true,RetainStacksOnAccountRemoval=$retain" "$@")
  if cfn describe-stack-set --stack-set-name "$name" >/dev/null 2>"$err"; then
    op=$(cfn update-stack-set --stack-set-name "$name" "${options[@]}" \
      --operation-preferences "$preferences" --query OperationId --output text) || return 1
    wait_for "$name" "$op" || return 1
    echo "StackSet $name: brought up to date"
  elif grep -q 'StackSetNotFoundException' "$err"; then
    cfn create-stack-set --stack-set-name "$name" "${options[@]}" >/dev/null || return 1
    echo "StackSet $name: created"
  else
    cat "$err" >&2
    return 1
  fi
  op=$(cfn create-stack-instances --stack-set-name "$name" --deployment-targets "$targets" \
    --regions "$home_region" --operation-preferences "$preferences" \
    --query OperationId --output text) || return 1
  wait_for "$name" "$op" || return 1
  failed_here=$(cfn list-stack-instances --stack-set-name "$name" \
    --query "Summaries[?Status!='CURRENT'].[Account, Region, Status, StatusReason]" --output text)
  if [ -n "$failed_here" ]; then
    echo "StackSet $name: not deployed in these accounts (account, Region, status, reason):" >&2
    printf '%s\n' "$failed_here" | sed 's/^/  /' >&2
    return 1
  fi
  echo "StackSet $name: in every account of ${ou_ids[*]}, Region $home_region"
}

# 2. The customer managed policies first: the audit stack's remediation attaches them.
# An account that leaves the units keeps them: its roles may still carry them.
if [ -n "$policies_template" ]; then
  deploy "$policies_stack_set" "$policies_template" true
fi
# 3. The audit and remediation stack.
deploy "$audit_stack_set" "$audit_template" false --parameters "${parameters[@]}"

# 4. An aggregator in this account that sees every account's compliance, through a role that
# lets AWS Config read the organization.
if role_arn=$(aws iam get-role --role-name "$aggregator_role" --query Role.Arn --output text 2>"$err"); then
  echo "role $aggregator_role: exists"
elif grep -q '(NoSuchEntity)' "$err"; then
  role_arn=$(aws iam create-role --role-name "$aggregator_role" --path "$aggregator_role_path" \
    --assume-role-policy-document "$aggregator_trust" --query Role.Arn --output text)
  echo "role $aggregator_role: created"
else
  cat "$err" >&2
  exit 1
fi
attached=$(aws iam list-attached-role-policies --role-name "$aggregator_role" \
  --query 'AttachedPolicies[].[PolicyArn]' --output text)
if ! printf '%s\n' "$attached" | grep -qxF -- "$aggregator_policy"; then
  aws iam attach-role-policy --role-name "$aggregator_role" --policy-arn "$aggregator_policy"
  echo "role $aggregator_role: attached $aggregator_policy"
fi
# A role just created takes a moment to be usable everywhere in IAM: try a few times.
for attempt in 1 2 3 4 5 6; do
  if aws configservice put-configuration-aggregator --region "$home_region" \
    --configuration-aggregator-name "$aggregator_name" \
    --organization-aggregation-source "{\"RoleArn\":\"$role_arn\",\"AwsRegions\":$aggregator_regions}" \
    >/dev/null 2>"$err"; then
    break
  elif [ "$attempt" -lt 6 ] && grep -q 'InvalidRoleException' "$err"; then
    sleep 10
  else
    cat "$err" >&2
    exit 1
  fi
done
echo "aggregator $aggregator_name: collects from ${regions[*]}"

cat <<EOT

How remediation runs: in each account, the audit stack's rule flags every role that still has
the old policy, and remediating a role (AWS Config console, or start-remediation-execution in
that account) attaches the planned policies before it detaches the old one. The management
account gets no stack from a StackSet: move its roles with the runbook. Compliance across the
organization:
  aws configservice describe-aggregate-compliance-by-config-rules --region $home_region --configuration-aggregator-name $aggregator_name
EOT
