from django.urls import URLPattern, URLResolver, path

from tandem.programs import views

app_name = "programs"
urlpatterns: list[URLPattern | URLResolver] = [
    path("programs/", views.program_list, name="program_list"),
]
