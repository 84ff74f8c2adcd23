from django.urls import URLPattern, URLResolver, path

from tandem.workspace.views import answer, guide, journal, meetings, plan, quote

app_name = "workspace"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tandems/<uuid:public_id>/", answer.tandem_detail, name="tandem_detail"),
    path("tandems/<uuid:public_id>/answer/", answer.tandem_answer, name="tandem_answer"),
    path("tandems/<uuid:public_id>/meetings/", meetings.workspace, name="workspace"),
    path("tandems/<uuid:public_id>/meetings/series/", meetings.series_create, name="series_create"),
    path("tandems/<uuid:public_id>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<uuid:public_id>/move/", meetings.meeting_move, name="meeting_move"),
    path("meetings/<uuid:public_id>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:public_id>/held/", meetings.meeting_held, name="meeting_held"),
    path("meetings/<uuid:public_id>/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path("tandems/<uuid:public_id>/guide/", guide.guide, name="guide"),
    path("tandems/<uuid:public_id>/plan/", plan.plan_page, name="plan"),
    path("tandems/<uuid:public_id>/plan/goals/", plan.goal_add, name="goal_add"),
    path("goals/<uuid:public_id>/", plan.goal_edit, name="goal_edit"),
    path("goals/<uuid:public_id>/track/", plan.goal_track, name="goal_track"),
    path("goals/<uuid:public_id>/move/", plan.goal_move, name="goal_move"),
    path("goals/<uuid:public_id>/remove/", plan.goal_remove, name="goal_remove"),
    path("tandems/<uuid:public_id>/quote/", quote.quote, name="quote"),
    path("tandems/<uuid:public_id>/quote/agree/", quote.quote_agree, name="quote_agree"),
    path("tandems/<uuid:public_id>/quote/delete/", quote.quote_delete, name="quote_delete"),
    path("meetings/<uuid:public_id>/", journal.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:public_id>/takeaways/", journal.takeaway_add, name="takeaway_add"),
    path("meetings/<uuid:public_id>/note/", journal.note_save, name="note_save"),
    path("meetings/<uuid:public_id>/feedback/", journal.feedback_save, name="feedback_save"),
    path("takeaways/<uuid:public_id>/edit/", journal.takeaway_edit, name="takeaway_edit"),
    path("takeaways/<uuid:public_id>/delete/", journal.takeaway_delete, name="takeaway_delete"),
    path("tandems/<uuid:public_id>/meetings/fit/", journal.fit_check, name="fit_check"),
    path("series/<uuid:public_id>/change/", meetings.series_change, name="series_change"),
    path("series/<uuid:public_id>/cancel/", meetings.series_cancel, name="series_cancel"),
]
