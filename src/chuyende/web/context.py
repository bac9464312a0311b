from chuyende.orgs.rules import held_roles, member_of


def navigation(request):
    """What the menu needs on every page: the member record and the roles of the user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_member": member_of(user), "current_roles": held_roles(user)}
