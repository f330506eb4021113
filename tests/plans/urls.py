"""The project's URLs with the plan pages, for as long as the project's urls.py does not include them.

The plan pages' parameters (<relationship_code>, <number>, …) must first be taught to the URL walk in
tests/access/test_url_walk.py; until then the project mounts them only here, under the same prefix.
"""

from django.urls import URLResolver, include, path

from yhteispolku import urls as project

urlpatterns = list(project.urlpatterns)
if not any(isinstance(entry, URLResolver) and entry.namespace == "plans" for entry in urlpatterns):
    urlpatterns.append(path("suunnitelmat/", include("yhteispolku.plans.urls")))

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
