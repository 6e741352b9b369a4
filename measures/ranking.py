"""Ties are ties: the rule for challenges that share a rank (§4.1, §4.4).

Equal votes, or a field whose challenges were weighted equally ("gleichgewichtet", §4.4), are
one place, counted as in a competition (1, 2, 2, 4). The rank values in the data say so; these
helpers read them for lists already in memory, ``ChallengeQuerySet.with_shared_rank`` for
querysets.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def shared_ranks(challenges):
    """The (action field, rank) pairs more than one of ``challenges`` hold.

    ``challenges`` are pairs of action field (any key) and rank; the rule behind
    ``ChallengeQuerySet.with_shared_rank`` for lists already in memory (frozen editions).
    """
    seen, shared = set(), set()
    for key in challenges:
        if key[1] is None:
            continue
        (shared if key in seen else seen).add(key)
    return shared


def equally_weighted(ranks):
    """True when all of a field's ranked challenges (two or more) hold one rank (§4.4)."""
    ranks = [rank for rank in ranks if rank is not None]
    return len(ranks) > 1 and len(set(ranks)) == 1


def check_shared_rank(challenge, others):
    """Refuse a rank another challenge of the field holds with a different vote count.

    ``others``: the other challenges. Equal votes may share a rank; anything else would be an
    order, or a tie, the workshop did not give.
    """
    if challenge.rank is None or not challenge.action_field_id:
        return
    same = others.filter(action_field_id=challenge.action_field_id, rank=challenge.rank)
    if challenge.votes is None:
        clash = same.exclude(votes__isnull=True)
    else:
        clash = same.exclude(votes=challenge.votes)
    other = clash.first()
    if other is not None:
        raise ValidationError(
            {
                "rank": _(
                    "Rang %(rank)s hat in diesem Handlungsfeld schon „%(other)s“ mit anderer "
                    "Stimmenzahl. Einen Rang teilen nur Herausforderungen mit gleich vielen "
                    "Stimmen (gleich gewichtet)."
                )
                % {"rank": challenge.rank, "other": other.short_wording(60)}
            }
        )
