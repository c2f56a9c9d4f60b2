"""Template context: the current library and the libraries the signed-in person can switch to."""

from allies.libraries.models import Library


def current_library(request):
    library = getattr(request, "library", None)
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    libraries = []
    if user is not None and user.is_authenticated:
        libraries = list(Library.objects.for_user(user).only("name", "slug"))
    return {"library": library, "membership": membership, "my_libraries": libraries}
