"""The error summary at the top of every form links each error to its field."""


def test_the_error_summary_links_a_radio_question_to_its_first_radio():
    """GOV.UK links a radio question's error to its first radio, which takes focus (not a div)."""
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        note = forms.CharField()

    form = Choice(data={})
    summary = render_to_string("includes/error_summary.html", {"form": form})
    page = form.as_div()
    assert 'href="#id_kind_0"' in summary and 'id="id_kind_0"' in page
    assert 'href="#id_note"' in summary
