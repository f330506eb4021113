"""The home page tells a professional who they are logged in as."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_name_role_organisation_and_unit(verified_client, employment_expert):
    response = verified_client(employment_expert).get(reverse("web:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tervetuloa, Tiina Työnen" in html
    assert "työllisyysasiantuntija" in html
    assert employment_expert.organisation.name_fi in html
    assert employment_expert.unit.name_fi in html


def test_it_shows_another_professional_their_own_details(verified_client, keusote_nurse):
    html = verified_client(keusote_nurse).get(reverse("web:home")).content.decode()

    assert "terveydenhoitaja" in html
    assert keusote_nurse.organisation.name_fi in html
    assert "työllisyysasiantuntija" not in html


def test_it_shows_the_role_in_the_chosen_language(verified_client, social_worker):
    client = verified_client(social_worker)
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})

    html = client.get(reverse("web:home")).content.decode()

    assert "socialarbetare" in html


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("web:home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/"


def test_it_offers_a_logout_button_not_a_link(verified_client, employment_expert):
    html = verified_client(employment_expert).get(reverse("web:home")).content.decode()

    assert f'action="{reverse("accounts:logout")}" method="post"' in html
    assert f'href="{reverse("accounts:logout")}"' not in html


def test_it_tells_a_user_without_a_role_so(verified_client, django_user_model):
    administrator = django_user_model.objects.create_user("yllapitaja", is_staff=True)

    html = verified_client(administrator).get(reverse("web:home")).content.decode()

    assert "Ei ammattilaisroolia" in html
