
# The static part of step 3. Expects, set above: old_policy; new_policies (array); roles
# (array; empty: every role that has the old policy attached as a permissions policy, never a
# role that uses it only as its permissions boundary); quota. Written for bash 3.2 and later.
#
# Run step 1 first when the plan has customer managed policies. Nothing changes until every
# policy of the plan exists and can be attached and every listed role exists. Then, for each
# role, it records what it is about to change (see above), attaches the missing policies, and
# only then detaches the old one: a failed attach leaves the old policy in place.

err=$(mktemp)
trap 'rm -f "$err"' EXIT

if [ "${#roles[@]}" -eq 0 ]; then
  found=$(aws iam list-entities-for-policy --policy-arn "$old_policy" --entity-filter Role \
    --policy-usage-filter PermissionsPolicy --query 'PolicyRoles[].[RoleName]' --output text)
  while IFS= read -r name; do
    if [ -n "$name" ]; then roles+=("$name"); fi
  done <<< "$found"
fi

# Check first, change after.
problems=""
problem() {
  problems="$problems  $*"$'\n'
}
for arn in ${new_policies[@]+"${new_policies[@]}"}; do
  if attachable=$(aws iam get-policy --policy-arn "$arn" --query Policy.IsAttachable --output text 2>"$err"); then
    if [ "$attachable" != True ]; then problem "policy cannot be attached: $arn"; fi
  elif grep -q '(NoSuchEntity)' "$err"; then
    problem "policy does not exist: $arn"
  else
    problem "policy could not be read: $arn: $(tr '\n' ' ' < "$err")"
  fi
done
for role in ${roles[@]+"${roles[@]}"}; do
  if aws iam get-role --role-name "$role" >/dev/null 2>"$err"; then
    :
  elif grep -q '(NoSuchEntity)' "$err"; then
    problem "role does not exist: $role"
  else
    problem "role could not be read: $role: $(tr '\n' ' ' < "$err")"
  fi
done
if [ -n "$problems" ]; then
  printf 'no role was changed:\n%s' "$problems" >&2
  echo "Run step 1 to create the customer managed policies, correct the role names, then run this script again." >&2
  exit 1
fi

# tag_json KEY VALUE: one tag as JSON; keys and values are ARNs and fixed words, which hold no
# character JSON would need escaped
tag_json() {
  printf '{"Key":"%s","Value":"%s"}' "$1" "$2"
}

# Called as `update_role ROLE || failed=1`, where bash ignores `set -e`: every step that can
# fail returns at once, so the old policy is never detached after a failed attach.
update_role() {
  local role="$1" attached arn count=0 missing=() detach=no tags="" n=0 recorded
  attached=$(aws iam list-attached-role-policies --role-name "$role" \
    --query 'AttachedPolicies[].[PolicyArn]' --output text) || return 1
  while IFS= read -r arn; do
    if [ -n "$arn" ]; then count=$((count + 1)); fi
  done <<< "$attached"
  for arn in ${new_policies[@]+"${new_policies[@]}"}; do
    if ! has "$attached" "$arn"; then missing+=("$arn"); fi
  done
  if has "$attached" "$old_policy"; then detach=yes; fi
  if [ "${#missing[@]}" -eq 0 ] && [ "$detach" = no ]; then
    echo "$role: already as planned"
    return 0
  fi
  if [ $((count + ${#missing[@]})) -gt "$quota" ]; then
    echo "$role: not changed: it has $count managed policies and needs ${#missing[@]} more before the old one can go (quota $quota)" >&2
    return 1
  fi

  # The record first, merged with what an earlier run recorded, so that it covers every
  # change whatever happens next.
  read_record "$role" || return 1
  recorded=$record_attached
  for arn in ${missing[@]+"${missing[@]}"}; do
    if ! has "$recorded" "$arn"; then recorded="$recorded$arn"$'\n'; fi
  done
  while IFS= read -r arn; do
    if [ -n "$arn" ]; then
      n=$((n + 1))
      tags="$tags${tags:+,}$(tag_json "${record_prefix}attached:$n" "$arn")"
    fi
  done <<< "$recorded"
  if [ "$detach" = yes ]; then record_detached=$old_policy; fi
  if [ -n "$record_detached" ]; then
    tags="$tags${tags:+,}$(tag_json "${record_prefix}detached" "$record_detached")"
  fi
  aws iam tag-role --role-name "$role" --tags "[$tags]" || return 1

  for arn in ${missing[@]+"${missing[@]}"}; do
    aws iam attach-role-policy --role-name "$role" --policy-arn "$arn" || return 1
    echo "$role: attached $arn"
  done
  if [ "$detach" = yes ]; then
    aws iam detach-role-policy --role-name "$role" --policy-arn "$old_policy" || return 1
    echo "$role: detached $old_policy"
  else
    echo "$role: old policy not attached"
  fi
}

failed=0
for role in ${roles[@]+"${roles[@]}"}; do
  update_role "$role" || failed=1
done
if [ "${#roles[@]}" -eq 0 ]; then echo "no roles to update"; fi
if [ "$failed" -ne 0 ]; then exit 1; fi
