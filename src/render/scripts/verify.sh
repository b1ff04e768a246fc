
# The static part of step 5. Expects, set above: old_policy; new_policies (array); roles
# (array; empty: the roles step 3 recorded a change on, and every role that still has the old
# policy attached as a permissions policy).
#
# Compares each role's attached managed policies with the plan (every new policy attached,
# the old one gone) and ends with a non-zero status when a role differs. Then lists the
# managed nodes of this Region that are not Online, with their SSM Agent version: a node that
# lost a permission it needs stops reporting. Run it again some minutes after step 3, and in
# each Region with managed nodes (AWS_REGION=... bash this-script).
# https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html

if [ "${#roles[@]}" -eq 0 ]; then
  found=$(recorded_roles)
  found="$found"$'\n'$(aws iam list-entities-for-policy --policy-arn "$old_policy" --entity-filter Role \
    --policy-usage-filter PermissionsPolicy --query 'PolicyRoles[].[RoleName]' --output text)
  while IFS= read -r name; do
    if [ -n "$name" ] && ! has "$(printf '%s\n' ${roles[@]+"${roles[@]}"})" "$name"; then
      roles+=("$name")
    fi
  done <<< "$found"
fi

# verify_role ROLE: prints how ROLE differs from the plan, if it does, and fails then
verify_role() {
  local role="$1" attached arn differences=""
  if ! attached=$(aws iam list-attached-role-policies --role-name "$role" \
    --query 'AttachedPolicies[].[PolicyArn]' --output text); then
    echo "$role: differs from the plan: its policies could not be read" >&2
    return 1
  fi
  for arn in ${new_policies[@]+"${new_policies[@]}"}; do
    if ! has "$attached" "$arn"; then differences="$differences; lacks $arn"; fi
  done
  if has "$attached" "$old_policy"; then differences="$differences; still has $old_policy"; fi
  if [ -n "$differences" ]; then
    echo "$role: differs from the plan${differences/;/:}" >&2
    return 1
  fi
  echo "$role: as planned"
}

differ=0
for role in ${roles[@]+"${roles[@]}"}; do
  verify_role "$role" || differ=$((differ + 1))
done
if [ "${#roles[@]}" -eq 0 ]; then echo "no roles to verify"; fi

nodes=$(aws ssm describe-instance-information \
  --query "InstanceInformationList[?PingStatus!='Online'].[InstanceId, PingStatus, AgentVersion, PlatformType]" \
  --output text)
if [ -n "$nodes" ]; then
  echo "managed nodes in this Region that are not Online (id, status, agent version, platform):"
  printf '%s\n' "$nodes" | sed 's/^/  /'
else
  echo "every managed node in this Region is Online"
fi

if [ "$differ" -gt 0 ]; then
  echo "$differ of ${#roles[@]} roles differ from the plan: run step 3 for them, or the rollback" >&2
  exit 1
fi
