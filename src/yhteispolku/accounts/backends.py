from typing import Any

from django.contrib.auth.backends import ModelBackend

from yhteispolku.accounts.models import User


class ProfessionalBackend(ModelBackend):
    """Django's model backend, loading the role, organisation and unit with the user.

    Every page asks the access policy about the user's role and writes their organisation into the
    audit log; loading them with the user saves two queries on every request.
    """

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("role", "organisation", "unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
