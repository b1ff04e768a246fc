
# The static part of the rollback. Expects, set above: roles (array; empty: every role step 3
# recorded a change on); quota.
#
# Puts each role back as it was before step 3, from the record step 3 left on it (see above):
# the old policy is attached again where step 3 detached it, and only the policies step 3
# attached are detached, so a policy the role had before stays. The old policy comes back
# before anything goes, so the role is never without the permissions of one set or the
# other; a role without room for it under the quota is not changed. The record is removed
# last, so a second run finds nothing to do, and an interrupted run can be run again.

if [ "${#roles[@]}" -eq 0 ]; then
  found=$(recorded_roles)
  while IFS= read -r name; do
    if [ -n "$name" ]; then roles+=("$name"); fi
  done <<< "$found"
fi

# Called as `restore_role ROLE || failed=1`, where bash ignores `set -e`: every step that can
# fail returns at once.
restore_role() {
  local role="$1" attached arn count=0
  read_record "$role" || return 1
  if [ "${#record_keys[@]}" -eq 0 ]; then
    echo "$role: no change by step 3 recorded; left as it is"
    return 0
  fi
  attached=$(aws iam list-attached-role-policies --role-name "$role" \
    --query 'AttachedPolicies[].[PolicyArn]' --output text) || return 1
  while IFS= read -r arn; do
    if [ -n "$arn" ]; then count=$((count + 1)); fi
  done <<< "$attached"
  if [ -n "$record_detached" ] && ! has "$attached" "$record_detached"; then
    if [ $((count + 1)) -gt "$quota" ]; then
      echo "$role: not changed: it has $count managed policies and needs room for $record_detached before the others can go (quota $quota)" >&2
      return 1
    fi
    aws iam attach-role-policy --role-name "$role" --policy-arn "$record_detached" || return 1
    echo "$role: attached $record_detached again"
  fi
  # ARNs hold no white space or pattern character, so word splitting lists them safely.
  for arn in $record_attached; do
    if has "$attached" "$arn"; then
      aws iam detach-role-policy --role-name "$role" --policy-arn "$arn" || return 1
      echo "$role: detached $arn"
    fi
  done
  aws iam untag-role --role-name "$role" --tag-keys "${record_keys[@]}" || return 1
  echo "$role: restored"
}

failed=0
for role in ${roles[@]+"${roles[@]}"}; do
  restore_role "$role" || failed=1
done
if [ "${#roles[@]}" -eq 0 ]; then echo "no role carries a record of step 3: nothing to roll back"; fi
exit "$failed"
