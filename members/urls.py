from __future__ import annotations

from django.urls import path

from . import views, views_users

app_name = "members"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("installningar/", views.settings_index, name="settings"),
    path("installningar/profil/", views.profile_edit, name="profile"),
    path("installningar/medlemmar/", views.member_list, name="members"),
    path("installningar/medlemmar/ny/", views.member_create, name="member_create"),
    path("installningar/medlemmar/<int:member_id>/", views.member_edit, name="member_edit"),
    path(
        "installningar/medlemmar/<int:member_id>/ta-bort/",
        views.member_delete,
        name="member_delete",
    ),
    path("installningar/anvandare/", views_users.users, name="users"),
    path("installningar/anvandare/ny/", views_users.user_add, name="user_add"),
    path(
        "installningar/anvandare/<int:membership_id>/roll/",
        views_users.membership_role,
        name="membership_role",
    ),
    path(
        "installningar/anvandare/<int:membership_id>/nytt-losenord/",
        views_users.membership_password,
        name="membership_password",
    ),
    path(
        "installningar/anvandare/<int:membership_id>/ta-bort/",
        views_users.membership_remove,
        name="membership_remove",
    ),
    path("installningar/styrelse/ny/", views.seat_create, name="seat_create"),
    path("installningar/styrelse/<int:seat_id>/", views.seat_edit, name="seat_edit"),
    path("installningar/styrelse/<int:seat_id>/ta-bort/", views.seat_delete, name="seat_delete"),
    path("installningar/grupper/ny/", views.group_create, name="group_create"),
    path("installningar/grupper/<int:group_id>/", views.group_edit, name="group_edit"),
    path("installningar/grupper/<int:group_id>/ta-bort/", views.group_delete, name="group_delete"),
    path("plan/<int:plan_id>/medlemsbidrag/", views.contributions, name="contributions"),
    path(
        "plan/<int:plan_id>/medlemsbidrag/installningar/",
        views.contributions_settings,
        name="contributions_settings",
    ),
    path(
        "plan/<int:plan_id>/medlemsbidrag/beslutat/<int:year>/",
        views.contributions_decided,
        name="contributions_decided",
    ),
]
