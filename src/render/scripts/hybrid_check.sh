
# Before step 3's part, in the hybrid script: the trust policy it sets last replaces the
# role's whole trust policy, so a role that other principals may assume (an EC2 instance
# role, another account) is refused here, before anything changes. Expects, set above:
# roles (the activations' service role), ssm_principal.
if principals=$(aws iam get-role --role-name "${roles[0]}" \
  --query 'Role.AssumeRolePolicyDocument.Statement[].Principal.[Service, AWS, Federated][][]' \
  --output text 2>/dev/null); then
  others=$(printf '%s\n' "$principals" | tr '\t' '\n' \
    | grep -vxF -e "$ssm_principal" -e 'None' -e '' || true)
  if [ -n "$others" ]; then
    echo "no role was changed: ${roles[0]} may also be assumed by:" >&2
    printf '%s\n' "$others" | sed 's/^/  /' >&2
    echo "Its trust policy would be replaced as a whole. Give the hybrid activations a role of their own, or set its trust policy by hand." >&2
    exit 1
  fi
  echo "${roles[0]}: trust policy before this script:"
  aws iam get-role --role-name "${roles[0]}" --query Role.AssumeRolePolicyDocument --output json
fi
