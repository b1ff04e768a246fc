
# The static part of step 2. Expects, set above: old_policy.
#
# Prints one "KIND<TAB>NAME" line per entity. KIND role, user or group: the old policy is
# attached as a permissions policy; step 3 updates such roles. KIND role-boundary or
# user-boundary: the old policy is the entity's permissions boundary (the most it may do, not
# a grant); IAM lists that use too unless told not to, and these scripts never change it.
# https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html

# entities USAGE SUFFIX: "KIND<TAB>NAME" lines of the entities that use the old policy as USAGE
# (PermissionsPolicy or PermissionsBoundary), KIND ending in SUFFIX
entities() {
  aws iam list-entities-for-policy --policy-arn "$old_policy" --policy-usage-filter "$1" \
    --query "[PolicyRoles[].['role$2', RoleName], PolicyUsers[].['user$2', UserName], PolicyGroups[].['group$2', GroupName]][]" \
    --output text
}

# count KIND LINES: how many of LINES are of KIND
count() {
  local n=0 kind name
  while IFS=$'\t' read -r kind name; do
    if [ "$kind" = "$1" ]; then n=$((n + 1)); fi
  done <<< "$2"
  echo "$n"
}

attached=$(entities PermissionsPolicy '')
boundary=$(entities PermissionsBoundary '-boundary')
if [ -n "$attached" ]; then printf '%s\n' "$attached"; fi
if [ -n "$boundary" ]; then printf '%s\n' "$boundary"; fi

echo "roles: $(count role "$attached") (update them with step 3)" >&2
users=$(count user "$attached")
groups=$(count group "$attached")
if [ $((users + groups)) -gt 0 ]; then
  echo "users: $users, groups: $groups - review these by hand: the policy is meant for instance roles, and these scripts never change users or groups" >&2
fi
bounded_roles=$(count role-boundary "$boundary")
bounded_users=$(count user-boundary "$boundary")
if [ $((bounded_roles + bounded_users)) -gt 0 ]; then
  echo "permissions boundaries: $bounded_roles roles, $bounded_users users use the old policy as their boundary - review these by hand: a boundary only limits what other policies grant, and these scripts never change it" >&2
fi
