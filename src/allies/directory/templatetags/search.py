"""The words of a search highlighted in a result: `{{ text|highlight:words }}`."""

from django import template

from allies.directory.search import highlight as highlight_words

register = template.Library()


@register.filter
def highlight(text, words):
    """`text` escaped, each of `words` (a list) in <mark>."""
    return highlight_words(text, words or ())
