"""URL keyword values for the walker: a comment in the association's walk plan."""

from __future__ import annotations

from tests.url_kwargs import walk_plan


def _comment(association) -> int:
    from plans.review.models import Comment

    plan = walk_plan(association)
    comment, _ = Comment.objects.get_or_create(plan=plan, body="Walker-kommentar")
    return comment.pk


KWARGS = {"comment_id": _comment}
