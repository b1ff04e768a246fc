
# The static part that follows step 3's in the hybrid script. Expects, set above: roles (the
# activations' service role), trust_policy.
#
# Last, once the role has every new policy and not the old one: its trust policy, which lets
# Systems Manager assume it only for this account and the listed Regions. It replaces the
# role's trust policy as a whole, as the set-up guide's is the whole of it.
aws iam update-assume-role-policy --role-name "${roles[0]}" --policy-document "$trust_policy"
echo "${roles[0]}: trust policy set: Systems Manager, for this account and its listed Regions only"
