"""What the workshops app adds to the site search: glossary, reports, sessions, speakers, topics.

Called through ``WorkshopsConfig.search_groups`` (see labimpact/search.py); every group
starts from ``published()``.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from labimpact.search import SearchGroup, document, limited
from workshops.models import Article, Session, Speaker, Term, Topic

SEARCH_SECTION_LIMIT = 20


def matching_topics(query):
    """Topics whose name or a former name («SPRAR» for SAI) has every word of ``query``."""
    return [
        topic
        for topic in Topic.objects.all()
        if query.matches(document(topic.name, *topic.alias_list))
    ]


def search_groups(query):
    topics = matching_topics(query)
    articles, article_count = limited(
        Article.objects.published().search(query, topics).with_related(), SEARCH_SECTION_LIMIT
    )
    sessions, session_count = limited(
        Session.objects.published()
        .filter(query.q() | Q(topics__in=topics))
        .distinct()
        .with_related(),
        SEARCH_SECTION_LIMIT,
    )
    speakers, speaker_count = limited(
        Speaker.objects.published().filter(query.q()), SEARCH_SECTION_LIMIT
    )
    terms, term_count = limited(Term.objects.published().filter(query.q()), SEARCH_SECTION_LIMIT)
    return [
        SearchGroup(
            key="glossary",
            title=_("Glossario"),
            template="workshops/includes/_search_term.html",
            items=terms,
            count=term_count,
            count_label=ngettext("%(counter)s voce", "%(counter)s voci", term_count)
            % {"counter": term_count},
            order=5,
        ),
        SearchGroup(
            key="topics",
            title=_("Argomenti"),
            template="workshops/includes/_search_topic.html",
            items=topics,
            count=len(topics),
            count_label=ngettext("%(counter)s argomento", "%(counter)s argomenti", len(topics))
            % {"counter": len(topics)},
            order=10,
        ),
        SearchGroup(
            key="articles",
            title=_("Resoconti e articoli"),
            template="workshops/includes/_search_article.html",
            items=articles,
            count=article_count,
            count_label=ngettext("%(counter)s resoconto", "%(counter)s resoconti", article_count)
            % {"counter": article_count},
            empty_text=_("Nessun resoconto trovato."),
            order=20,
        ),
        SearchGroup(
            key="sessions",
            title=_("Giornate"),
            template="workshops/includes/_search_session.html",
            items=sessions,
            count=session_count,
            count_label=ngettext("%(counter)s giornata", "%(counter)s giornate", session_count)
            % {"counter": session_count},
            empty_text=_("Nessuna giornata trovata."),
            order=30,
        ),
        SearchGroup(
            key="speakers",
            title=_("Relatori"),
            template="workshops/includes/_search_speaker.html",
            items=speakers,
            count=speaker_count,
            count_label=ngettext("%(counter)s relatore", "%(counter)s relatori", speaker_count)
            % {"counter": speaker_count},
            empty_text=_("Nessun relatore trovato."),
            order=40,
        ),
    ]
